import fc from 'fast-check';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeKeyName, encodeKeyName, FileKv, mapFsError, type KvFs } from '../../../hal/node';

const posix = process.platform !== 'win32';
const eightBitKey = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 28 });

function fsError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('hal/node FileKv', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'aliot-kv-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one file per key, readable and writable by the owner only', () => {
    const kv = new FileKv({ dir: join(dir, 'store') });
    kv.set('deviceSecret', 'abc');
    kv.set('Config/Main', 'x');
    expect(fs.readdirSync(kv.dir).sort()).toEqual(['%43onfig%2f%4dain.kv', 'device%53ecret.kv']);
    if (posix) {
      expect(fs.statSync(kv.pathOf('deviceSecret')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(kv.dir).mode & 0o077).toBe(0);
    }
  });

  it('stores values as latin1, one byte per character', () => {
    const kv = new FileKv({ dir });
    kv.set('bin', '\u0000\u00ff\u0080A');
    expect([...fs.readFileSync(kv.pathOf('bin'))]).toEqual([0, 255, 128, 65]);
  });

  it('a stray temporary file from a crash before rename is ignored, and removed when the store opens', () => {
    const kv = new FileKv({ dir });
    kv.set('cred', 'old');
    const stray = join(dir, `.tmp-${encodeKeyName('cred')}-4242-7`);
    fs.writeFileSync(stray, 'new-but-torn');
    expect(kv.get('cred')).toBe('old');
    expect(kv.usage()).toBe('cred'.length + 3);
    expect(kv.set('cred', 'newer')).toBeNull();
    expect(kv.get('cred')).toBe('newer');
    const reopened = new FileKv({ dir });
    expect(fs.existsSync(stray)).toBe(false);
    expect(reopened.get('cred')).toBe('newer');
  });

  it('a concurrent reader never sees a partial value while values are replaced', async () => {
    const kv = new FileKv({ dir });
    const a = 'a'.repeat(4096);
    const b = 'b'.repeat(4096);
    kv.set('blob', a);
    const reader = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const fs = require('node:fs');
       const seen = {};
       let stop = false;
       parentPort.on('message', () => { stop = true; });
       (function loop() {
         for (let i = 0; i < 200; i++) {
           let v;
           try { v = fs.readFileSync(workerData, 'latin1'); } catch (e) { v = 'missing:' + e.code; }
           const tag = v.length === 4096 && (v === 'a'.repeat(4096) || v === 'b'.repeat(4096)) ? v[0] : 'torn:' + v.slice(0, 20) + ':' + v.length;
           seen[tag] = (seen[tag] || 0) + 1;
         }
         if (stop) parentPort.postMessage(seen); else setImmediate(loop);
       })();`,
      { eval: true, workerData: kv.pathOf('blob') },
    );
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 300; i++) expect(kv.set('blob', i % 2 ? a : b)).toBeNull();
    const seen = await new Promise<Record<string, number>>((resolve) => {
      reader.once('message', resolve);
      reader.postMessage('stop');
    });
    await reader.terminate();
    expect(Object.keys(seen).filter((k) => k !== 'a' && k !== 'b')).toEqual([]);
  });

  it('maps ENOSPC to FULL and EIO to WRITE_FAILED, keeping the old value and leaving no temporary file', () => {
    for (const [code, expected] of [
      ['ENOSPC', 'FULL'],
      ['EDQUOT', 'FULL'],
      ['EIO', 'WRITE_FAILED'],
      ['EACCES', 'WRITE_FAILED'],
    ] as const) {
      const failing: KvFs = {
        ...fs,
        writeSync: ((...args: Parameters<typeof fs.writeSync>) => {
          if (String(args[1]).includes('new')) throw fsError(code);
          return (fs.writeSync as (...a: unknown[]) => number)(...args);
        }) as typeof fs.writeSync,
      };
      const kv = new FileKv({ dir, fs: failing });
      expect(kv.set('k', 'old')).toBeNull();
      const error = kv.set('k', 'new');
      expect(error?.code).toBe(expected);
      expect(error?.message).toContain(code);
      expect(kv.get('k')).toBe('old');
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    }
  });

  it('a failing rename leaves the old value', () => {
    const kv = new FileKv({ dir, fs: { ...fs, renameSync: () => { throw fsError('EIO'); } } });
    fs.writeFileSync(kv.pathOf('k'), 'old');
    expect(kv.set('k', 'new')?.code).toBe('WRITE_FAILED');
    expect(kv.get('k')).toBe('old');
  });

  it('mapFsError names the remedy', () => {
    expect(mapFsError(fsError('EROFS'), 'set k').message).toMatch(/writable/);
    expect(mapFsError(new Error('plain'), 'set k').code).toBe('WRITE_FAILED');
  });

  it('property: key names encode to safe, distinct file names and decode back', () => {
    fc.assert(
      fc.property(eightBitKey, eightBitKey, (a, b) => {
        const name = encodeKeyName(a);
        expect(name).toMatch(/^[a-z0-9_%-]+\.kv$/);
        expect(name.length).toBeLessThanOrEqual(28 * 3 + 3);
        expect(decodeKeyName(name)).toBe(a);
        if (a !== b) expect(encodeKeyName(b)).not.toBe(name);
      }),
    );
    expect(decodeKeyName('.tmp-x.kv')).toBeUndefined();
    expect(decodeKeyName('other.txt')).toBeUndefined();
  });

  it('property: any 8-bit key and value round-trip through the files', () => {
    const kv = new FileKv({ dir, maxValueLength: 1000 });
    fc.assert(
      fc.property(eightBitKey, fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 }), (key, value) => {
        expect(kv.set(key, value)).toBeNull();
        expect(kv.get(key)).toBe(value);
      }),
      { numRuns: 60 },
    );
  });
});
