// `aliot monitor`: the board's console, line by line, with secrets masked (scripts/serial/mask.ts states the
// rule). A line still being printed is shown once the board has been quiet for a moment (e.g. the '>' prompt).
// Bytes pass through as the board sent them (an ESP32 prints UTF-8 as bytes); the masks' '…' is written as UTF-8.
import type { BoardPort } from '../../serial/board-port';
import { visible } from '../../serial/console-lines';
import { maskConsoleLine } from '../../serial/mask';
import { RESULT_MARKER } from '../../serial/repl-client';

export interface MonitorOptions {
  port: BoardPort;
  /** Receives bytes for the terminal. */
  write: (bytes: Buffer) => void;
  /** Stop after this long (default: until the port closes or stop() is called). */
  durationMs?: number;
  /** Reboot the board first, to see it start. */
  reset?: boolean;
  /** Show a pending partial line after this much quiet, ms (default 250). */
  idleFlushMs?: number;
}

export interface Monitor {
  /** Resolves when the monitor ends. */
  done: Promise<void>;
  stop(): void;
}

/** A console line (latin1 text, possibly with Unicode '…' from masking) as terminal bytes. */
export function terminalBytes(text: string): Buffer {
  return Buffer.from(text.replace(/\u2026/g, '\xE2\x80\xA6'), 'latin1');
}

export function startMonitor(options: MonitorOptions): Monitor {
  const { port, write } = options;
  let partial = '';
  let flushTimer: NodeJS.Timeout | undefined;
  let endTimer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const show = (raw: string, newline: boolean) => {
    const text = visible(raw);
    if (text.includes(RESULT_MARKER)) return;
    write(terminalBytes(maskConsoleLine(text) + (newline ? '\n' : '')));
  };
  const onData = (chunk: Buffer) => {
    const pieces = (partial + chunk.toString('latin1')).split('\n');
    partial = pieces.pop() ?? '';
    for (const piece of pieces) show(piece, true);
    clearTimeout(flushTimer);
    if (partial !== '') {
      flushTimer = setTimeout(() => {
        show(partial, false);
        write(Buffer.from('\n'));
        partial = '';
      }, options.idleFlushMs ?? 250);
    }
  };
  const stop = () => {
    clearTimeout(flushTimer);
    clearTimeout(endTimer);
    port.duplex.off('data', onData);
    port.duplex.off('close', stop);
    if (partial !== '') show(partial, true);
    partial = '';
    finish();
  };
  port.duplex.on('data', onData);
  port.duplex.once('close', stop);
  if (options.durationMs !== undefined) endTimer = setTimeout(stop, options.durationMs);
  if (port.virtual && port.virtual.powerState === 'off') void port.virtual.boot();
  else if (port.engine && port.engine.powerState === 'off') void port.engine.boot();
  else if (options.reset) {
    if (port.virtual) void port.virtual.reboot();
    else if (port.engine) void port.engine.reboot();
    else port.duplex.write(Buffer.from('\x10E.reboot()\n', 'latin1'));
  }
  return { done, stop };
}
