// The Espruino REPL's line discipline on the serial port (spec/espruino.md §2; README_Protocol.md and
// src/jsinteractive.c for the behaviour): characters are echoed as they come; Enter evaluates the line
// once its brackets balance (else a ':' continuation line) and prints '=' + the result; `\x10` at the
// start of a line turns echo (and the result) off for that line; Ctrl-C clears a non-empty line; `\x05`
// on an empty line answers the version; the '>' prompt returns when the board goes idle. Program output
// takes the prompt line over ('\r') and the prompt comes back afterwards.

export interface ReplEvaluator {
  /** Runs one line in the VM: the result as text, or the "Uncaught …" line. */
  evaluate(code: string): { text?: string; error?: string };
  /** Raw output on the serial port. */
  write(text: string): void;
  /** What `\x05` on an empty line answers, e.g. "Espruino 2v29 ESP32". */
  version(): string;
}

const DLE = 0x10;
const SOH = 0x01;
const NAK = 0x15;

type InputState = 'plain' | 'esc' | 'csi' | 'packet-header' | 'packet-body';

export class ReplLine {
  private line = '';
  private echoOff = false;
  private afterCR = false;
  private state: InputState = 'plain';
  private packetHeader: number[] = [];
  private packetLeft = 0;
  /** The prompt (and the line typed so far) is on the screen. */
  private promptShown = false;

  constructor(private readonly host: ReplEvaluator) {}

  /**
   * Handles input bytes until done or until `stop()` says to (a line asked for a reset: the rest waits
   * for the next interpreter). Returns how many bytes were consumed.
   */
  feed(bytes: Uint8Array, stop: () => boolean): number {
    for (let i = 0; i < bytes.length; i++) {
      this.handle(bytes[i]!);
      if (stop()) return i + 1;
    }
    return bytes.length;
  }

  /** One line of program output, printed over the prompt. */
  print(text: string): void {
    if (this.promptShown) {
      this.host.write('\r');
      this.promptShown = false;
    }
    this.host.write(`${text}\r\n`);
  }

  /** The board went idle: the prompt (and what was typed) comes back. */
  idle(): void {
    if (this.promptShown) return;
    this.host.write(`>${this.echoOff ? '' : this.line}`);
    this.promptShown = true;
  }

  /** After a reset: nothing typed, nothing on screen. */
  clear(): void {
    this.line = '';
    this.echoOff = false;
    this.state = 'plain';
    this.promptShown = false;
  }

  private handle(ch: number): void {
    switch (this.state) {
      case 'esc':
        this.state = ch === 0x5b || ch === 0x4f ? 'csi' : 'plain';
        return;
      case 'csi':
        if (ch < 0x30 || ch > 0x39) this.state = 'plain'; // digits continue the sequence
        return;
      case 'packet-header':
        this.packetHeader.push(ch);
        if (this.packetHeader.length === 2) {
          this.packetLeft = ((this.packetHeader[0]! & 0x1f) << 8) | this.packetHeader[1]!;
          this.state = this.packetLeft > 0 ? 'packet-body' : 'plain';
          if (this.packetLeft === 0) this.refusePacket();
        }
        return;
      case 'packet-body':
        if (--this.packetLeft === 0) this.refusePacket();
        return;
      default:
        break;
    }
    this.handlePlain(ch);
  }

  private handlePlain(ch: number): void {
    const wasCR = this.afterCR;
    this.afterCR = false;
    if (ch === 0x03) return this.ctrlC();
    if (ch === 0x05) {
      if (this.line.length === 0) this.print(this.host.version());
      return;
    }
    if (ch === DLE) {
      if (this.line.length === 0) this.echoOff = true;
      return;
    }
    if (ch === SOH) {
      // DLE SOH starts a packet (2v25+). Not emulated: it is read whole and refused with NAK.
      if (this.echoOff && this.line.length === 0) {
        this.state = 'packet-header';
        this.packetHeader = [];
      }
      return;
    }
    if (ch === 0x1b) {
      this.state = 'esc';
      return;
    }
    if (ch === 0x15 || ch === 0x17) {
      this.line = '';
      return;
    }
    if (ch === 0x08 || ch === 0x7f) {
      if (this.line.length > 0) {
        this.line = this.line.slice(0, -1);
        if (!this.echoOff) this.host.write('\x08 \x08');
      }
      return;
    }
    if (ch === 0x0a && wasCR) return; // \r\n: handled at \r
    if (ch === 0x0d || ch === 0x0a) {
      this.afterCR = ch === 0x0d;
      return this.newLine();
    }
    if (ch >= 0x20 || ch === 0x09) {
      const text = ch === 0x09 ? '    ' : String.fromCharCode(ch);
      this.line += text;
      if (!this.echoOff) this.host.write(text);
    }
  }

  private ctrlC(): void {
    this.echoOff = false;
    if (this.line.length === 0) return;
    this.line = '';
    this.host.write('\r\n');
    this.promptShown = false;
  }

  private newLine(): void {
    if (openBrackets(this.line) > 0) {
      this.line += '\n';
      if (!this.echoOff) this.host.write('\r\n:');
      return;
    }
    const echo = !this.echoOff;
    const code = this.line.replace(/\s+$/, '');
    this.line = '';
    if (echo) {
      this.host.write('\r\n');
      this.promptShown = false;
    }
    if (code.length > 0) {
      const result = this.host.evaluate(code);
      if (result.error !== undefined) this.print(result.error);
      else if (echo) this.print(`=${result.text ?? 'undefined'}`);
    }
    this.echoOff = false;
  }

  private refusePacket(): void {
    this.state = 'plain';
    this.echoOff = false;
    this.host.write(String.fromCharCode(NAK));
  }
}

/** Brackets opened and not closed, outside strings, template literals and comments. */
export function openBrackets(code: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) return depth + 1; // an open comment continues too
      i = end + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    }
  }
  return depth;
}
