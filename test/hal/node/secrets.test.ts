import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeBoard, isSecretKey, maskSecret } from '../../../hal/node';

describe('hal/node secrets', () => {
  it('marks keys naming secrets, tokens, credentials or passwords as secret', () => {
    for (const key of ['deviceSecret', 'productSecret', 'ds.secret', 'mqttToken', 'cred', 'wifiPassword', 'PWD', 'privKey']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['productKey', 'deviceName', 'cfg', 'region']) expect(isSecretKey(key)).toBe(false);
  });

  it('masks a secret as its first 4 characters and …, short ones as … alone', () => {
    expect(maskSecret('0123456789abcdef')).toBe('0123…');
    expect(maskSecret('short')).toBe('…');
  });

  it('never logs a value stored under a secret key; the masked form appears instead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-secret-log-'));
    let captured = '';
    const board = createNodeBoard({
      kvDir: dir,
      logLevel: 'debug',
      logStream: { write: (text: string) => (captured += text) },
      kvCapacity: 400,
    });
    try {
      const secrets: Record<string, string> = {
        deviceSecret: 'DS-5f2b8c1e9a7d4e3f6b0c',
        productSecret: 'PS-aa11bb22cc33dd44ee55',
        mqttToken: 'TK-0f9e8d7c6b5a49382716',
        cred: '{"ds":"JSON-SECRET-1234567"}',
      };
      for (const [key, value] of Object.entries(secrets)) {
        expect(board.hal.kv.set(key, value)).toBeNull();
        board.hal.kv.get(key);
        board.hal.kv.set(key, `${value}-rotated`);
      }
      // failure paths log too
      board.hal.kv.set('deviceSecret', 'X'.repeat(500));
      board.hal.kv.set('productSecret', 'snow ☃ SECRETSNOWMAN');
      board.hal.kv.set('region', 'cn-shanghai');

      expect(captured).toContain('"cn-shanghai"'); // the log is really written
      for (const value of Object.values(secrets)) {
        expect(captured).not.toContain(value);
        expect(captured).toContain(maskSecret(value));
      }
      expect(captured).not.toContain('XXXXXXXX');
      expect(captured).not.toContain('SECRETSNOWMAN');
      expect(captured).not.toContain('JSON-SECRET');
    } finally {
      board.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
