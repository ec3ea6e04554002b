// The Node adapter from the `serialport` package to the Web Serial shape esptool-js needs, and the errors a
// person sees for a missing, busy or forbidden port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialBoardPort } from '../../../scripts/serial/board-port';
import { describeOpenError, SerialError } from '../../../scripts/serial/errors';
import { NodeWebSerialPort, type NodeSerialLike } from '../../../scripts/serial/node-web-serial';

/** A stand-in for serialport's SerialPort that records what the adapter asks of it. */
class RecordingSerial implements NodeSerialLike {
  isOpen = false;
  readonly sets: { dtr?: boolean; rts?: boolean; brk?: boolean }[] = [];
  readonly written: Buffer[] = [];
  readonly bauds: number[] = [];
  private readonly listeners = new Map<string, ((arg?: unknown) => void)[]>();
  constructor(private readonly openError?: Error) {}
  open(cb: (e: Error | null) => void) {
    this.isOpen = !this.openError;
    setImmediate(() => cb(this.openError ?? null));
  }
  close(cb: (e: Error | null) => void) {
    this.isOpen = false;
    this.emit('close');
    cb(null);
  }
  write(data: Buffer, cb: (e: Error | null | undefined) => void) {
    this.written.push(Buffer.from(data));
    cb(null);
    return true;
  }
  drain(cb: (e: Error | null) => void) {
    cb(null);
  }
  set(options: { dtr?: boolean; rts?: boolean; brk?: boolean }, cb: (e: Error | null) => void) {
    this.sets.push(options);
    cb(null);
  }
  update(options: { baudRate: number }, cb: (e: Error | null) => void) {
    this.bauds.push(options.baudRate);
    cb(null);
  }
  on(event: string, listener: ((chunk: Buffer) => void) | ((arg?: unknown) => void)) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as (arg?: unknown) => void]);
    return this;
  }
  removeAllListeners(event?: string) {
    if (event) this.listeners.delete(event);
    else this.listeners.clear();
    return this;
  }
  emit(event: string, arg?: unknown) {
    for (const l of this.listeners.get(event) ?? []) l(arg);
  }
}

describe('NodeWebSerialPort (serialport → Web Serial shape)', () => {
  it('always sends DTR and RTS together (serialport would reset the one not given), and passes bytes both ways', async () => {
    const serial = new RecordingSerial();
    const port = new NodeWebSerialPort('/dev/ttyTEST', () => serial, async () => ({ usbVendorId: 0x10c4, usbProductId: 0xea60 }));
    expect(port.readable).toBeNull();
    await port.open({ baudRate: 115200 });
    expect(port.getInfo()).toEqual({ usbVendorId: 0x10c4, usbProductId: 0xea60 });
    await port.setSignals({ dataTerminalReady: false, requestToSend: true });
    await port.setSignals({ dataTerminalReady: true });
    await port.setSignals({ requestToSend: false, break: undefined });
    expect(serial.sets).toEqual([
      { dtr: false, rts: true, brk: false },
      { dtr: true, rts: true, brk: false },
      { dtr: true, rts: false, brk: false },
    ]);
    const reader = port.readable!.getReader();
    serial.emit('data', Buffer.from([1, 2, 3]));
    expect([...(await reader.read()).value!]).toEqual([1, 2, 3]);
    reader.releaseLock();
    const writer = port.writable!.getWriter();
    await writer.write(new Uint8Array([0xc0, 0x00]));
    writer.releaseLock();
    expect(serial.written.map((b) => [...b])).toEqual([[0xc0, 0x00]]);
    await port.setBaudRate(921600);
    expect(serial.bauds).toEqual([921600]);
    await port.close();
    expect(port.readable).toBeNull();
    await expect(port.setSignals({ requestToSend: true })).rejects.toMatchObject({ code: 'PORT_CLOSED' });
  });

  it('turns open failures into errors that say what to do', async () => {
    const cases: [Error & { code?: string }, string, RegExp][] = [
      [new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'), 'PORT_MISSING', /does not exist: plug the board in/],
      [Object.assign(new Error('Error Resource temporarily unavailable Cannot lock port'), {}), 'PORT_BUSY', /is busy: another program holds it/],
      [Object.assign(new Error('open failed'), { code: 'EBUSY' }), 'PORT_BUSY', /busy/],
      [new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), 'PORT_PERMISSION', /dialout/],
      [new Error('something odd'), 'PORT_OPEN_FAILED', /cannot open serial port \/dev\/ttyUSB0: something odd/],
    ];
    for (const [error, code, message] of cases) {
      const port = new NodeWebSerialPort('/dev/ttyUSB0', () => new RecordingSerial(error), async () => ({}));
      const failure = (await port.open({ baudRate: 115200 }).catch((e: unknown) => e)) as SerialError;
      expect(failure.code, error.message).toBe(code);
      expect(failure.message).toMatch(message);
    }
    expect(describeOpenError('/dev/x', new SerialError('NO_ANSWER', 'kept'))).toMatchObject({ code: 'NO_ANSWER' });
  });

  it('with the real serialport binding, a missing device is PORT_MISSING (for esptool and for the REPL tools)', async () => {
    const port = new NodeWebSerialPort('/dev/ttyALIOT_NO_SUCH_PORT');
    await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ code: 'PORT_MISSING' });
    await expect(openSerialBoardPort('/dev/ttyALIOT_NO_SUCH_PORT')).rejects.toMatchObject({ code: 'PORT_MISSING' });
  });
});

const PTY_ECHO = `
import os, pty, select, sys
m, s = pty.openpty()
print(os.ttyname(s), flush=True)
while True:
    r, _, _ = select.select([m, sys.stdin], [], [])
    if sys.stdin in r and not os.read(sys.stdin.fileno(), 64):
        break
    if m in r:
        try:
            os.write(m, os.read(m, 1024))
        except OSError:
            pass
`;

function hasPython(): boolean {
  return spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
}

describe.skipIf(process.platform !== 'linux' || !hasPython())('on a Linux pseudo-terminal (skipped without Linux and python3)', () => {
  let echo: ChildProcess | undefined;
  afterEach(() => {
    echo?.stdin?.end();
    echo?.kill();
  });

  async function ptyPath(): Promise<string> {
    echo = spawn('python3', ['-c', PTY_ECHO], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new Promise((resolve) => echo!.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  }

  it('opens a real tty, writes and reads through the streams, and a second open of the same port is PORT_BUSY', async () => {
    const path = await ptyPath();
    const port = new NodeWebSerialPort(path, undefined, async () => ({}));
    await port.open({ baudRate: 115200 });
    const writer = port.writable!.getWriter();
    await writer.write(new TextEncoder().encode('ping'));
    writer.releaseLock();
    const reader = port.readable!.getReader();
    let got = '';
    while (got.length < 4) got += Buffer.from((await reader.read()).value!).toString();
    reader.releaseLock();
    expect(got).toBe('ping');
    const second = new NodeWebSerialPort(path, undefined, async () => ({}));
    await expect(second.open({ baudRate: 115200 })).rejects.toMatchObject({ code: 'PORT_BUSY' });
    await expect(openSerialBoardPort(path)).rejects.toMatchObject({ code: 'PORT_BUSY' });
    await port.close();
    const again = await openSerialBoardPort(path); // free again once closed
    await again.close();
  });
});
