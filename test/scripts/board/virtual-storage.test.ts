// The virtual ESP32's Storage, held to spec/espruino.md §1a (and src/jsflash.c, which it paraphrases).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ESP32_STORAGE_BYTES,
  openBackedStorage,
  storageFilePath,
  StorageModel,
} from '../../../scripts/board/virtual';
import { bootSession, disposeSessions } from './virtual-harness';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const text = (data: Uint8Array | undefined) => (data === undefined ? undefined : Buffer.from(data).toString('latin1'));

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'aliot-vstorage-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  disposeSessions();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Storage model (§1a)', () => {
  it('§1a "Filenames max 28 chars … silently truncated and the write returns true": a 29-char name is stored under its first 28', () => {
    const storage = new StorageModel(4096);
    const long = 'abcdefghijklmnopqrstuvwxyz012';
    expect(storage.write(long, bytes('v'))).toBe(true);
    expect(storage.list()).toEqual([long.slice(0, 28)]);
    // reading with the long name finds the truncated file too, and so does any name sharing the 28-char prefix
    expect(text(storage.read(long))).toBe('v');
    expect(text(storage.read(`${long.slice(0, 28)}XYZ`))).toBe('v');
  });

  it('§1a "read of a missing file returns undefined"', () => {
    expect(new StorageModel(4096).read('nothing')).toBeUndefined();
  });

  it('§1a "Files are contiguous … write(name, chunk0, 0, totalSize) … Unwritten bytes read as \\xFF"', () => {
    const storage = new StorageModel(4096);
    expect(storage.write('f', bytes('ab'), 0, 6)).toBe(true);
    expect(text(storage.read('f'))).toBe('ab\xff\xff\xff\xff');
    expect(storage.write('f', bytes('cd'), 2)).toBe(true);
    expect(text(storage.read('f'))).toBe('abcd\xff\xff');
    expect(text(storage.read('f', 1, 3))).toBe('bcd');
  });

  it('§1a "Writing again at offset 0 recreates the file"', () => {
    const storage = new StorageModel(4096);
    storage.write('f', bytes('abcdef'));
    expect(storage.write('f', bytes('xy'), 0, 4)).toBe(true);
    expect(text(storage.read('f'))).toBe('xy\xff\xff');
  });

  it('refuses what jsfWriteFile refuses: data past the file size, and bytes already written differently', () => {
    const storage = new StorageModel(4096);
    storage.write('f', bytes('ab'), 0, 4);
    expect(storage.write('f', bytes('xyz'), 2)).toEqual({ error: 'Too much data for file size' });
    expect(storage.write('f', bytes('q'), 1)).toEqual({ error: 'File already written with different data' });
    expect(storage.write('nope', bytes('q'), 5)).toEqual({ error: 'Unable to find or create file' });
  });

  it('writing no data returns false and creates nothing (jsfWriteFile: no data, no file)', () => {
    const storage = new StorageModel(4096);
    expect(storage.write('empty', new Uint8Array(0))).toBe(false);
    expect(storage.list()).toEqual([]);
  });

  it('§1a "Storage is at 0x320000 (896 KB)": the default capacity is 896 KB, and getFree counts 32-byte headers', () => {
    expect(ESP32_STORAGE_BYTES).toBe(896 * 1024);
    const storage = new StorageModel(1000);
    storage.write('a', bytes('12345'));
    expect(storage.getFree()).toBe(1000 - 32 - 8);
  });

  it('§1a "The store is journalling. Rewrites leave trash until compact()"', () => {
    const storage = new StorageModel(1000);
    storage.write('a', bytes('1234'));
    storage.write('a', bytes('5678'));
    expect(storage.getStats()).toMatchObject({ fileCount: 1, trashCount: 1, trashBytes: 36, freeBytes: 1000 - 72 });
    storage.compact();
    expect(storage.getStats()).toMatchObject({ fileCount: 1, trashCount: 0, freeBytes: 1000 - 36 });
    expect(text(storage.read('a'))).toBe('5678');
  });

  it('a full Storage compacts once, then throws "Unable to find or create file" as Espruino does', () => {
    const storage = new StorageModel(200);
    expect(storage.write('a', new Uint8Array(100).fill(1))).toBe(true);
    storage.erase('a'); // trash: compaction makes the room
    expect(storage.write('b', new Uint8Array(120).fill(2))).toBe(true);
    expect(storage.getStats().trashCount).toBe(0);
    expect(storage.write('c', new Uint8Array(100).fill(3))).toEqual({ error: 'Unable to find or create file' });
    expect(storage.list()).toEqual(['b']);
  });

  it('erase removes a file; eraseAll removes everything', () => {
    const storage = new StorageModel(1000);
    storage.write('a', bytes('1'));
    storage.write('b', bytes('2'));
    storage.erase('a');
    expect(storage.list()).toEqual(['b']);
    storage.eraseAll();
    expect(storage.list()).toEqual([]);
    expect(storage.getFree()).toBe(1000);
  });
});

describe('Storage backing file', () => {
  it('keeps files (and trash) in <storageDir>/storage.json across a process restart', () => {
    const dir = tempDir();
    const first = openBackedStorage(dir, 4096);
    first.write('.bootcde', bytes('print(1)\x00\xff'));
    first.write('old', bytes('x'));
    first.erase('old');
    const again = openBackedStorage(dir, 4096);
    expect(text(again.read('.bootcde'))).toBe('print(1)\x00\xff');
    expect(again.getStats()).toEqual(first.getStats());
    expect(JSON.parse(readFileSync(storageFilePath(dir), 'utf8')).format).toBe('aliot-virtual-esp32-storage');
  });
});

describe('require("Storage") inside the virtual ESP32 (§1a)', () => {
  it('§1a: a 29-character name is silently truncated and write returns true, as on the real board', async () => {
    const s = await bootSession({ storageBytes: 8192 });
    s.send('print(JSON.stringify([require("Storage").write("abcdefghijklmnopqrstuvwxyz012", "v"), require("Storage").list()]))', true);
    expect(await s.waitForLine(/^\[/)).toBe('[true,["abcdefghijklmnopqrstuvwxyz01"]]');
  });

  it('§1a: read of a missing file is undefined, readJSON(name, true) too', async () => {
    const s = await bootSession({ storageBytes: 8192 });
    s.send('var S = require("Storage"); print(typeof S.read("none"), typeof S.readJSON("none", true))', true);
    expect(await s.waitForLine(/^undefined/)).toBe('undefined undefined');
  });

  it('values are 8-bit strings: NUL and 0xFF survive; an array is written as bytes and read back as a string', async () => {
    const s = await bootSession({ storageBytes: 8192 });
    s.send('var S = require("Storage"); S.write("b", "\\x00a\\xff"); S.write("arr", [104, 105, 255]);', true);
    s.send('var r = S.read("b"); print([r.length, r.charCodeAt(0), r.charCodeAt(2), S.read("arr") === "hi\\xff"].join(","))', true);
    expect(await s.waitForLine(/^\d/)).toBe('3,0,255,true');
    expect(s.board.storage.files().b).toEqual(new Uint8Array([0, 97, 255]));
  });

  it('an object is JSON-stringified (§1a) and readJSON parses it', async () => {
    const s = await bootSession({ storageBytes: 8192 });
    s.send('require("Storage").write("o", {a: 1}); print(require("Storage").read("o"), require("Storage").readJSON("o").a)', true);
    expect(await s.waitForLine('{"a":1}')).toBe('{"a":1} 1');
  });

  it('a full Storage throws "Unable to find or create file" from write (what the binding reports as FULL)', async () => {
    const s = await bootSession({ storageBytes: 256 });
    s.send('try { require("Storage").write("big", new Uint8Array(300)); } catch (e) { print("threw " + e.message); }', true);
    expect(await s.waitForLine(/^threw/)).toBe('threw Unable to find or create file');
  });
});
