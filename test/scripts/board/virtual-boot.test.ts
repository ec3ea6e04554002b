// Booting and resetting the virtual ESP32, held to spec/espruino.md §1a (saved code, boot order) and §2
// (uploading code, load / reset / E.reboot).
import { afterEach, describe, expect, it } from 'vitest';
import { bootFiles, StorageModel } from '../../../scripts/board/virtual';
import { bootSession, chunkedUploadLines, disposeSessions, openSession } from './virtual-harness';

afterEach(() => disposeSessions());

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('virtual ESP32 boot (§1a)', () => {
  it('§1a saved code lives in Storage: power-on prints a banner, then runs .bootcde', async () => {
    const s = openSession();
    s.board.storage.write('.bootcde', bytes('print("booted " + getSerial())'));
    await s.board.boot();
    const lines = s.board.consoleLines();
    expect(lines.findIndex((l) => l.includes('Espruino 2v29'))).toBeLessThan(lines.indexOf('booted 240ac400-2f90'));
    expect(await s.waitForOutput('>', 8000, 0)).toContain('booted 240ac400-2f90\r\n');
  });

  it('§1a "Boot order": .bootPowerOn, .boot0….boot3, then .bootrst instead of .bootcde, then E.on("init") and onInit()', async () => {
    const storage = new StorageModel(8192);
    for (const name of ['.bootcde', '.boot1', '.bootPowerOn', '.boot0']) storage.write(name, bytes('1'));
    expect(bootFiles(storage, 'power-on')).toEqual(['.bootPowerOn', '.boot0', '.boot1', '.bootcde']);
    expect(bootFiles(storage, 'load')).toEqual(['.boot0', '.boot1', '.bootcde']);
    expect(bootFiles(storage, 'reset')).toEqual(['.boot0', '.boot1']);
    storage.write('.bootrst', bytes('1'));
    expect(bootFiles(storage, 'power-on')).toEqual(['.bootPowerOn', '.boot0', '.boot1', '.bootrst']);
    expect(bootFiles(storage, 'reset')).toEqual(['.boot0', '.boot1', '.bootrst']);

    const s = openSession();
    s.board.storage.write('.boot0', bytes('print("boot0")'));
    s.board.storage.write('.bootcde', bytes('E.on("init", function () { print("init event"); }); function onInit() { print("onInit"); } print("bootcde");'));
    await s.board.boot();
    expect(s.board.consoleLines().filter((l) => /^(boot|init|onInit)/.test(l))).toEqual(['boot0', 'bootcde', 'init event', 'onInit']);
  });

  it('an error in boot code is printed and the board stays usable', async () => {
    const s = openSession();
    s.board.storage.write('.bootcde', bytes('throw new Error("bad boot")'));
    await s.board.boot();
    expect(s.board.consoleLines()).toContain('Uncaught Error: bad boot');
    s.send('print("alive")', true);
    await s.waitForLine('alive');
  });
});

describe('virtual ESP32 resets (§2)', () => {
  it('§2 "E.reboot() is a hard reset": RAM is cleared, Storage is kept, .bootcde runs again', async () => {
    const s = await bootSession();
    s.send('require("Storage").write(".bootcde", "print(\\"run \\" + typeof ramValue)"); var ramValue = 1; E.reboot();', true);
    expect(await s.waitForLine(/^run /, 8000, 0)).toBe('run undefined');
    expect(s.board.storage.list()).toContain('.bootcde');
  });

  it('§2 "reset() a soft one": RAM is cleared and .bootcde is not run (§1a: .bootrst is)', async () => {
    const s = openSession();
    s.board.storage.write('.bootcde', bytes('print("bootcde ran")'));
    await s.board.boot();
    await s.waitForLine('bootcde ran', 8000, 0);
    const since = s.mark();
    s.send('var x = 1; reset();', true);
    await s.waitForLine('Espruino 2v29', 8000, since);
    s.send('print("after reset " + typeof x)', true);
    expect(await s.waitForLine(/^after reset/, 8000, since)).toBe('after reset undefined');
    expect(s.board.consoleLines().slice(since)).not.toContain('bootcde ran');
  });

  it('§2 classic chunked upload: \\x10require("Storage").write(".bootcde", chunk, offset, total) lines, then \\x10load() runs it', async () => {
    const s = await bootSession();
    const program = `var greeting = "uploaded \\x00\\xff ok"; ${'/* padding */ '.repeat(200)} print(greeting.length + " " + greeting.charCodeAt(10));`;
    const lines = chunkedUploadLines('.bootcde', program);
    expect(lines.length).toBeGreaterThan(2);
    const since = s.mark();
    for (const line of lines) s.board.serial.write(Buffer.from(`${line}\n`, 'latin1'));
    s.board.serial.write('\x10load()\n');
    expect(await s.waitForLine(/^\d+ \d+$/, 8000, since)).toBe('14 255');
    expect(Buffer.from(s.board.storage.files()['.bootcde']!).toString('latin1')).toBe(program);
  });

  it('§2 "load(file) reboots into a file"', async () => {
    const s = await bootSession();
    s.send('require("Storage").write("app.js", "print(\\"app running\\")"); load("app.js");', true);
    await s.waitForLine('app running', 8000, 0);
  });

  it('§1a E.setBootCode(code) writes .bootcde, which the next power-on runs', async () => {
    const s = await bootSession();
    s.send('E.setBootCode("print(\\"from setBootCode\\")");', true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await s.board.reboot();
    await s.waitForLine('from setBootCode', 8000, 0);
  });

  it('Storage survives a restart of the process: a new board on the same storage directory boots the same code', async () => {
    const first = await bootSession();
    first.send('require("Storage").write(".bootcde", "print(\\"persisted \\" + getSerial())");', true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.board.powerOff();
    const second = openSession({ storageDir: first.storageDir, mac: '11:22:33:44:55:66' });
    await second.board.boot();
    await second.waitForLine('persisted 11223344-5566', 8000, 0);
  });

  it('an out-of-memory stops the board (Espruino cannot catch it, §1f) until a reboot', async () => {
    const s = await bootSession({ memoryLimitBytes: 2 * 1024 * 1024 });
    s.send('var hog = []; while (true) hog.push(new Uint8Array(65536));', true);
    await s.waitForLine('The virtual ESP32 has stopped');
    expect(s.board.powerState).toBe('halted');
    await s.board.reboot();
    s.send('print("back")', true);
    await s.waitForLine('back');
  });
});
