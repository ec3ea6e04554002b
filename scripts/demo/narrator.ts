// How the demo talks: step headings, what happens on the board and in the cloud, and checks that held.

import pc from 'picocolors';

export interface Narrator {
  step(n: number, title: string): void;
  board(line: string): void;
  cloud(line: string): void;
  ok(line: string): void;
  info(line: string): void;
}

/**
 * Writes to a stream; colour only when it is a terminal and picocolors finds colour wanted (it honours NO_COLOR
 * and --no-color).
 */
export function streamNarrator(out: NodeJS.WritableStream & { isTTY?: boolean }, verbose: boolean): Narrator {
  // NO_COLOR is read again here: picocolors reads the environment once, when it is loaded.
  const c = pc.createColors(Boolean(out.isTTY) && pc.isColorSupported && !process.env.NO_COLOR);
  const write = (text: string) => out.write(`${text}\n`);
  return {
    step: (n, title) => write(`\n${c.bold(`${n}. ${title}`)}`),
    board: (line) => {
      if (verbose || line.startsWith('aliot: ')) write(`   ${c.cyan('board')}  ${line}`);
    },
    cloud: (line) => write(`   ${c.dim('cloud')}  ${line}`),
    ok: (line) => write(`   ${c.green('✓')} ${line}`),
    info: (line) => write(`   ${line}`),
  };
}

/** Says nothing (tests). */
export const silentNarrator: Narrator = { step() {}, board() {}, cloud() {}, ok() {}, info() {} };
