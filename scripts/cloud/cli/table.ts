// Plain text tables for the CLI (`aliot cloud product list`, `device list`, `device add`), laid out by cli-table3:
// it measures cells by their width on a terminal (string-width), so wide characters such as CJK keep the columns
// aligned. No borders and no colour, whether or not stdout is a terminal: columns are two spaces apart and lines
// carry no trailing blanks, so the output stays greppable (`grep`, `awk '{print $2}'`).

import Table from 'cli-table3';

const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/** The header line, then one line per row; with no rows, the header line alone. Ends with a newline. */
export function table(header: string[], rows: string[][]): string {
  // style.head and style.border empty: cli-table3 then writes no colour codes at all.
  const layout = new Table({
    head: header,
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  layout.push(...rows);
  const lines = layout
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  return lines.join('\n') + '\n';
}
