// A client for the Espruino REPL over any byte duplex (a USB serial port or the virtual ESP32's UART), the way
// the upload, provisioning and board-in-the-loop tools talk to a board (spec/espruino.md §2).
//
// Every command is one line that starts with \x10 (echo off: the line, and so any secret in it, is never echoed
// back) and wraps an expression so that the board prints one result line:
//     @@aliot:<id>:ok:<JSON of the value>      or      @@aliot:<id>:err:<JSON of the error text>
// The client waits for that line before it sends the next command, which is the flow control (the board reads a
// whole line, runs it, prints, and only then reads on). Program output in between is ignored, so a running
// firmware may keep printing. The marker is split in the line's source text, so an echoed line never looks like
// a result.
import type { Duplex } from 'node:stream';
import { SerialError } from './errors';
import { parseEspruinoJson } from './js-literal';

/** The prefix of every result line the client asks the board to print. */
export const RESULT_MARKER = '@@aliot:';

export interface ReplClientOptions {
  /** How long one command may take by default, ms (default 5000). */
  timeoutMs?: number;
  /** Every piece of text the board sends (latin1), as it arrives. */
  onText?: (text: string) => void;
  /** A name for messages ("/dev/ttyUSB0", "virtual board esp32-1"). */
  label?: string;
  /** How long sync() keeps trying by default, ms (default 8000). */
  syncTimeoutMs?: number;
}

export interface CallOptions {
  timeoutMs?: number;
}

type Waiter = { from: number; check: () => boolean; fail: (error: Error) => void };

const DLE = '\x10';
const ACK = '\x06';
const NAK = '\x15';
/** Keep at most this much received text once nobody waits on older text. */
const KEEP_TEXT = 256 * 1024;

export class ReplClient {
  private text = '';
  private base = 0;
  private readonly waiters = new Set<Waiter>();
  private closed: SerialError | undefined;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timeoutMs: number;
  readonly label: string;

  private readonly onData = (chunk: Buffer | string): void => {
    const piece = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    this.text += piece;
    this.options.onText?.(piece);
    for (const waiter of [...this.waiters]) waiter.check();
    this.trim();
  };

  private readonly onClose = (): void => {
    if (this.closed) return;
    this.closed = new SerialError('PORT_CLOSED', `the connection to ${this.label} closed (cable pulled or board gone)`);
    for (const waiter of [...this.waiters]) waiter.fail(this.closed);
  };

  constructor(
    readonly duplex: Duplex,
    private readonly options: ReplClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.label = options.label ?? 'the board';
    duplex.on('data', this.onData);
    duplex.on('close', this.onClose);
    duplex.on('end', this.onClose);
    duplex.on('error', this.onClose);
  }

  /** Stops listening (the port itself stays open). */
  detach(): void {
    this.duplex.off('data', this.onData);
    this.duplex.off('close', this.onClose);
    this.duplex.off('end', this.onClose);
    this.duplex.off('error', this.onClose);
  }

  /** A position in the received text, for since() and waitFor(). */
  mark(): number {
    return this.base + this.text.length;
  }

  /** Text received from a mark on (what is still kept). */
  since(mark: number): string {
    return this.text.slice(Math.max(0, mark - this.base));
  }

  /** Writes raw text (latin1) to the board. */
  write(text: string | Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(this.closed);
    const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : Buffer.from(text);
    return new Promise((resolve, reject) => {
      this.duplex.write(bytes, (error) => (error ? reject(new SerialError('PORT_CLOSED', `writing to ${this.label} failed: ${error.message}`)) : resolve()));
    });
  }

  /** One line with echo off and no result line (for reset(), load(), E.reboot()). */
  sendLine(code: string): Promise<void> {
    return this.write(`${DLE}${code}\n`);
  }

  /**
   * Resolves with the first non-undefined value `test` finds in the text received from `from` on; rejects with
   * NO_ANSWER after timeoutMs, or PORT_CLOSED.
   */
  waitFor<T>(test: (text: string) => T | undefined, timeoutMs: number, from = this.mark(), what = 'an answer'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        from,
        check: () => {
          const found = test(this.since(from));
          if (found === undefined) return false;
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(found);
          return true;
        },
        fail: (error) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(error);
        },
      };
      if (this.closed) return reject(this.closed);
      if (waiter.check()) return;
      this.waiters.add(waiter);
      timer = setTimeout(() => {
        const seen = this.since(from).replace(/@@aliot:[^\r\n]*/g, '').trim().slice(-200);
        waiter.fail(
          new SerialError(
            'NO_ANSWER',
            `no ${what} from ${this.label} within ${timeoutMs} ms` + (seen ? `; it printed: ${JSON.stringify(seen)}` : '; it printed nothing'),
          ),
        );
      }, timeoutMs);
    });
  }

  /**
   * Evaluates a JavaScript expression on the board and resolves with its value (as JSON brings it back; undefined
   * becomes null). A board-side exception rejects with BOARD_ERROR, silence with NO_ANSWER. Calls run one at a time.
   */
  call<T = unknown>(expression: string, options: CallOptions = {}): Promise<T> {
    const run = () => this.callNow<T>(expression, options.timeoutMs ?? this.timeoutMs);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async callNow<T>(expression: string, timeoutMs: number): Promise<T> {
    const id = ++this.seq;
    const tag = (status: string) => `"@@ali"+"ot:${id}:${status}:"`;
    const line =
      `(function(){try{var r=(${expression});print(${tag('ok')}+JSON.stringify(r===undefined?null:r))}` +
      `catch(e){print(${tag('err')}+JSON.stringify(""+e))}})()`;
    const pattern = new RegExp(`@@aliot:${id}:(ok|err):([^\\r\\n]*)\\r?\\n`);
    const from = this.mark();
    const answer = this.waitFor((text) => pattern.exec(text) ?? undefined, timeoutMs, from, `result for command #${id}`);
    answer.catch(() => undefined); // if sending fails, that error is the one reported
    await this.sendLine(line);
    const match = await answer;
    let value: unknown;
    try {
      value = parseEspruinoJson(match[2]!);
    } catch {
      throw new SerialError('BOARD_ERROR', `${this.label} answered command #${id} with unreadable JSON: ${match[2]!.slice(0, 120)}`);
    }
    if (match[1] === 'err') throw new SerialError('BOARD_ERROR', `${this.label} reported: ${String(value)}`);
    return value as T;
  }

  /**
   * Gets the board's attention: Ctrl-C clears a half-typed line, then a trivial command is repeated until one is
   * answered (a board that is just booting, or that lost bytes during a reset, answers a later one).
   */
  async sync(timeoutMs = this.options.syncTimeoutMs ?? 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.write('\x03');
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        await this.callNow('1', Math.min(700, Math.max(50, deadline - Date.now())));
        return;
      } catch (error) {
        if (error instanceof SerialError && error.code === 'PORT_CLOSED') throw error;
        last = error;
      }
    }
    throw new SerialError(
      'NO_ANSWER',
      `${this.label} does not answer on its REPL within ${timeoutMs} ms: is Espruino running at this baud rate (115200 on ESP32)? ` +
        (last instanceof Error ? last.message : ''),
    );
  }

  /** The version line \x05 answers on an empty line ("Espruino 2v29 ESP32"), or undefined. */
  async banner(timeoutMs = 1500): Promise<string | undefined> {
    const from = this.mark();
    const answer = this.waitFor((text) => /Espruino \d+v\d+[^\r\n]*/.exec(text)?.[0], timeoutMs, from, 'version line').catch(() => undefined);
    await this.write('\x05');
    return answer;
  }

  /** Sends one packet (DLE SOH …, spec/espruino.md §2) and resolves with the board's ACK or NAK. */
  async sendPacket(packet: Uint8Array, timeoutMs = 2000): Promise<'ack' | 'nak'> {
    const from = this.mark();
    const answer = this.waitFor(
      (text) => {
        for (let i = 0; i < text.length; i++) {
          if (text[i] === ACK) return 'ack' as const;
          if (text[i] === NAK) return 'nak' as const;
        }
        return undefined;
      },
      timeoutMs,
      from,
      'packet ACK/NAK',
    );
    answer.catch(() => undefined); // if sending fails, that error is the one reported
    await this.write(packet);
    return answer;
  }

  private trim(): void {
    if (this.text.length <= KEEP_TEXT * 4) return;
    let keepFrom = this.base + this.text.length - KEEP_TEXT;
    for (const waiter of this.waiters) keepFrom = Math.min(keepFrom, waiter.from);
    const cut = keepFrom - this.base;
    if (cut <= 0) return;
    this.text = this.text.slice(cut);
    this.base += cut;
  }
}
