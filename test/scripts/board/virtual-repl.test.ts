// The virtual ESP32's REPL on its serial port, held to spec/espruino.md §2 (README_Protocol.md).
import { afterEach, describe, expect, it } from 'vitest';
import { ESPRUINO_VERSION_LINE } from '../../../scripts/board/virtual';
import { openBrackets } from '../../../scripts/board/virtual/repl';
import { bootSession, disposeSessions } from './virtual-harness';

afterEach(() => disposeSessions());

describe('virtual ESP32 REPL (§2)', () => {
  it('a line is echoed as typed, evaluated, its result printed after "=", and the prompt comes back', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.board.serial.write('1+2\r');
    expect(await s.waitForOutput('=3\r\n>', 8000, since)).toBe('1+2\r\n=3\r\n>');
  });

  it('strings are echoed quoted and objects as Espruino prints them', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.send('"hi"');
    s.send('({a: 1, "b-c": [1, "x"]})');
    const out = await s.waitForOutput(' ] }\r\n', 8000, since);
    expect(out).toContain('="hi"\r\n');
    expect(out).toContain('={ a: 1, "b-c": [ 1, "x" ] }\r\n');
  });

  it('§2 "\\x10 at line start turns echo off for that line": neither the line nor its result is echoed', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.send('var quiet = 40 + 2', true);
    s.send('print("after " + quiet)', true);
    const out = await s.waitForOutput('after 42', 8000, since);
    expect(out).not.toContain('var quiet');
    expect(out).not.toContain('=');
  });

  it('§2 "\\x03 breaks": Ctrl-C clears a partly typed line, and the next line runs on its own', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.board.serial.write('undefinedName');
    s.board.serial.write('\x03');
    s.board.serial.write('2+2\n');
    const out = await s.waitForOutput('=4', 8000, since);
    expect(out).not.toContain('Uncaught');
  });

  it(`§2 "\\x05 on an empty line answers" the version: "${ESPRUINO_VERSION_LINE}"`, async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.board.serial.write('\x05');
    expect(await s.waitForOutput(`${ESPRUINO_VERSION_LINE}\r\n`, 8000, since)).toContain(ESPRUINO_VERSION_LINE);
  });

  it('a line with open brackets continues on a ":" line and runs once they close', async () => {
    expect(openBrackets('function f() { return "}" // }')).toBe(1);
    const s = await bootSession();
    const since = s.outputMark();
    s.send('function twice(x) {');
    s.send('  return x * 2; }');
    s.send('twice(21)');
    const out = await s.waitForOutput('=42', 8000, since);
    expect(out).toContain('\r\n:');
  });

  it('an error prints "Uncaught …" and the REPL goes on', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.send('nothingHere()');
    s.send('"still here"');
    const out = await s.waitForOutput('="still here"', 8000, since);
    expect(out).toContain("Uncaught ReferenceError: 'nothingHere' is not defined\r\n");
  });

  it('§2 the packet protocol (DLE SOH + header) is not emulated: a packet is read whole and answered with NAK', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    const body = Buffer.from('{"fn":"a","s":1}');
    s.board.serial.write(Buffer.concat([Buffer.from([0x10, 0x01, 0x60, body.length]), body]));
    s.send('"next"');
    const out = await s.waitForOutput('="next"', 8000, since);
    expect(out.startsWith('\x15')).toBe(true);
  });

  it('program output takes the prompt line over, and the prompt returns afterwards', async () => {
    const s = await bootSession();
    const since = s.outputMark();
    s.send('setTimeout(function () { print("tick"); }, 10)', true);
    expect(await s.waitForOutput('\rtick\r\n>', 8000, since)).toContain('\rtick\r\n>');
  });
});

describe('virtual serial port output', () => {
  it('sends 8-bit text as its bytes and wider characters as UTF-8 (the mask ellipsis reaches a terminal intact)', async () => {
    const { encodeOutput } = await import('../../../scripts/board/virtual/serial-port');
    expect([...encodeOutput('a\xffb')]).toEqual([0x61, 0xff, 0x62]);
    expect(encodeOutput('VUJL\u2026 ok').toString('utf8')).toBe('VUJL\u2026 ok');
  });
});

describe('virtual serial port while powered off', () => {
  it('drops what is sent while the board is off instead of running it at the next boot', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { createVirtualEsp32 } = await import('../../../scripts/board/virtual');
    const dir = mkdtempSync(path.join(tmpdir(), 'aliot-vboard-off-'));
    const lines: string[] = [];
    const board = createVirtualEsp32({ storageDir: dir, onLine: (l) => lines.push(l) });
    try {
      board.serial.write('print("sent while off")\n');
      await board.boot();
      await new Promise((r) => setTimeout(r, 200));
      expect(lines.join('\n')).not.toContain('sent while off');
    } finally {
      board.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
