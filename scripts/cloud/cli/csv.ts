// Device names from a batch-import CSV, as the console takes them: one device per row, DeviceName in the first
// column (further columns, e.g. a nickname, are ignored), an optional `DeviceName` header row, a UTF-8 BOM,
// quoted cells, blank lines and '#' comment lines allowed. Typically MAC addresses or serial numbers.

export interface CsvNames {
  names: string[];
  /** 1-based line numbers of rows whose first cell was empty. */
  emptyRows: number[];
}

/** The first cell of a CSV line ('"' quoting with "" escapes). */
function firstCell(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return (comma < 0 ? line : line.slice(0, comma)).trim();
  }
  let cell = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else break;
    } else cell += line[i];
  }
  return cell.trim();
}

export function parseDeviceCsv(text: string): CsvNames {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const names: string[] = [];
  const emptyRows: number[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cell = firstCell(line);
    if (names.length === 0 && emptyRows.length === 0 && cell.toLowerCase() === 'devicename') return;
    if (cell === '') emptyRows.push(index + 1);
    else names.push(cell);
  });
  return { names, emptyRows };
}
