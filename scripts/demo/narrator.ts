// How the demo talks: step headings, what happens on the board and in the cloud, and checks that held.

export interface Narrator {
  step(n: number, title: string): void;
  board(line: string): void;
  cloud(line: string): void;
  ok(line: string): void;
  info(line: string): void;
}

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const GREEN = '\x1b[32m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

/** Writes to a stream; colour only when it is a terminal. */
export function streamNarrator(out: NodeJS.WritableStream & { isTTY?: boolean }, verbose: boolean): Narrator {
  const c = (code: string, text: string) => (out.isTTY ? code + text + RESET : text);
  const write = (text: string) => out.write(`${text}\n`);
  return {
    step: (n, title) => write(`\n${c(BOLD, `${n}. ${title}`)}`),
    board: (line) => {
      if (verbose || line.startsWith('aliot: ')) write(`   ${c(CYAN, 'board')}  ${line}`);
    },
    cloud: (line) => write(`   ${c(DIM, 'cloud')}  ${line}`),
    ok: (line) => write(`   ${c(GREEN, '✓')} ${line}`),
    info: (line) => write(`   ${line}`),
  };
}

/** Says nothing (tests). */
export const silentNarrator: Narrator = { step() {}, board() {}, cloud() {}, ok() {}, info() {} };
