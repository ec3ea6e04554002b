// Device names from a batch-import CSV, as the console takes them: one device per row, DeviceName in the first
// column (further columns, e.g. a nickname, are ignored), an optional `DeviceName` header row, a UTF-8 BOM,
// quoted cells (with embedded commas and "" escapes), CRLF or LF line ends, blank lines and '#' comment lines
// allowed. Typically MAC addresses or serial numbers. The parsing is csv-parse's (RFC 4180).
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvNames {
  names: string[];
  /** 1-based line numbers of rows whose first cell was empty. */
  emptyRows: number[];
}

/** A CSV the parser cannot read; `line` is the 1-based line where it gave up. */
export class DeviceCsvError extends Error {
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceCsvError';
  }
}

export function parseDeviceCsv(text: string): CsvNames {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
      record_delimiter: ['\r\n', '\n'],
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new DeviceCsvError(line, `${line === undefined ? '' : `line ${line}: `}${error.message}`);
    }
    throw error;
  }
  const names: string[] = [];
  const emptyRows: number[] = [];
  for (const { record, info } of rows) {
    const cell = record[0] ?? '';
    if (names.length === 0 && emptyRows.length === 0 && cell.toLowerCase() === 'devicename') continue;
    if (cell === '') emptyRows.push(info.lines);
    else names.push(cell);
  }
  return { names, emptyRows };
}
