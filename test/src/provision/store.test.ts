import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import {
  createCredentialStore,
  decodeFields,
  decodeRecord,
  encodeFields,
  encodeRecord,
  readSlotText,
  storeKeys,
  type StoredCredential,
} from '../../../src/provision';
import { crc32Bytes, crc32String, hex32 } from '../../../src/util/crc32';
import { ALL_KINDS, DS_NEW, DS_OLD, IOT, TOKEN } from '../../fixtures/provision/credentials';

const eightBit = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 120 });

describe('CRC-32 (IEEE, nibble table)', () => {
  it('gives the check value 0xCBF43926 for "123456789"', () => {
    expect(crc32String('123456789')).toBe(0xcbf43926);
    expect(hex32(crc32String('123456789'))).toBe('cbf43926');
    expect(crc32String('')).toBe(0);
  });

  it('property: equals zlib crc32 for any bytes, as bytes and as an 8-bit string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const expected = zlibCrc32(Buffer.from(bytes)) >>> 0;
        expect(crc32Bytes(bytes)).toBe(expected);
        expect(crc32String(String.fromCharCode(...bytes))).toBe(expected);
      }),
    );
  });
});

describe('record framing', () => {
  it('property: fields round-trip any 8-bit values, and a cut-short text never decodes', () => {
    fc.assert(
      fc.property(fc.array(eightBit, { maxLength: 6 }), (values) => {
        const text = encodeFields(values);
        expect(decodeFields(text, values.length)).toEqual(values);
        for (let n = 0; n < text.length; n++) {
          const cut = decodeFields(text.slice(0, n), values.length);
          expect(cut).toBeNull();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: a record round-trips, and any single changed byte fails its check (CRC catches a flipped byte)', () => {
    fc.assert(
      fc.property(eightBit, fc.nat(1e9), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, seq, where, flip) => {
        const text = encodeRecord('C1', seq, body);
        expect(decodeRecord('C1', text)).toEqual({ ok: true, seq, body });
        const i = where % text.length;
        const changed = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ flip) + text.slice(i + 1);
        expect(decodeRecord('C1', changed).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('every single-bit flip of every byte of a stored credential is caught', () => {
    const board = createMockBoard();
    createCredentialStore(board.hal).save(DS_OLD);
    const text = board.kv.snapshot()['aliot.cred.a'];
    for (let i = 0; i < text.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const changed = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << bit)) + text.slice(i + 1);
        expect(readSlotText(changed).kind, `byte ${i} bit ${bit}`).toBe('bad');
      }
    }
  });

  it('property: every strict prefix of a record is reported as cut short (an interrupted write), never as valid', () => {
    fc.assert(
      fc.property(eightBit, fc.nat(1e9), (body, seq) => {
        const text = encodeRecord('C1', seq, body);
        for (let n = 1; n < text.length; n++) expect(decodeRecord('C1', text.slice(0, n))).toMatchObject({ ok: false, cut: true });
      }),
      { numRuns: 100 },
    );
  });

  it('a record of another format is not taken for a credential', () => {
    expect(decodeRecord('C1', encodeRecord('F1', 0, 'x'))).toMatchObject({ ok: false });
  });
});

describe('credential store', () => {
  it('keys fit Espruino Storage names (28 chars)', () => {
    for (const name of ['cred', 'iot'] as const) for (const key of storeKeys(name)) expect(key.length).toBeLessThanOrEqual(28);
    expect(storeKeys('cred')).toEqual(['aliot.cred.a', 'aliot.cred.b']);
  });

  it('an untouched store loads EMPTY', () => {
    expect(createCredentialStore(createMockBoard().hal).load()).toEqual({ status: 'EMPTY' });
  });

  for (const credential of ALL_KINDS) {
    it(`a saved ${credential.kind}${'expiresAtWall' in credential ? ' (with expiry)' : ''} loads back equal`, () => {
      const board = createMockBoard();
      expect(createCredentialStore(board.hal).save(credential)).toEqual({ ok: true, seq: 1, slot: 'a' });
      expect(createCredentialStore(board.hal).load()).toEqual({ status: 'OK', credential, seq: 1, slot: 'a' });
    });
  }

  it('saves alternate between the slots with a rising sequence number, and load takes the newest', () => {
    const board = createMockBoard();
    const store = createCredentialStore(board.hal);
    const sequence = [DS_OLD, TOKEN, IOT, DS_NEW, DS_OLD];
    sequence.forEach((c, i) => {
      expect(store.save(c)).toEqual({ ok: true, seq: i + 1, slot: i % 2 === 0 ? 'a' : 'b' });
      expect(store.load()).toMatchObject({ status: 'OK', credential: c, seq: i + 1 });
    });
  });

  it('values are plain 8-bit strings with a format tag, not JSON', () => {
    const board = createMockBoard();
    createCredentialStore(board.hal).save(TOKEN);
    const value = board.kv.snapshot()['aliot.cred.a'];
    expect(value.startsWith('C1;1;')).toBe(true);
    expect(() => JSON.parse(value)).toThrow();
    for (let i = 0; i < value.length; i++) expect(value.charCodeAt(i)).toBeLessThan(256);
  });

  it('a damaged newest slot falls back to the older valid one, with a warning', () => {
    const board = createMockBoard();
    const store = createCredentialStore(board.hal);
    store.save(DS_OLD);
    store.save(DS_NEW);
    const flash = board.kv.snapshot();
    flash['aliot.cred.b'] = flash['aliot.cred.b'].replace('Zr8W', 'Zr8w');
    board.kv.restore(flash);
    expect(store.load()).toMatchObject({ status: 'OK', credential: DS_OLD, slot: 'a' });
    expect(board.log.lines.some((l) => l.level === 'warn' && l.message.includes('aliot.cred.b is unreadable'))).toBe(true);
  });

  it('both slots damaged is CORRUPT with a message naming the remedy, never EMPTY', () => {
    const board = createMockBoard({ flash: { 'aliot.cred.a': 'C1;1;garbage', 'aliot.cred.b': 'not a record' } });
    const loaded = createCredentialStore(board.hal).load();
    expect(loaded).toMatchObject({ status: 'CORRUPT', interruptedWrite: false, message: expect.stringMatching(/ResetThing/) });
    const one = createMockBoard({ flash: { 'aliot.cred.b': 'C1;1;5;00000000;wrong' } });
    expect(createCredentialStore(one.hal).load()).toMatchObject({ status: 'CORRUPT', interruptedWrite: false });
  });

  it('a save over a CORRUPT store succeeds and then loads', () => {
    const board = createMockBoard({ flash: { 'aliot.cred.a': 'junk', 'aliot.cred.b': 'junk' } });
    const store = createCredentialStore(board.hal);
    expect(store.save(DS_NEW)).toMatchObject({ ok: true, seq: 1 });
    expect(store.load()).toMatchObject({ status: 'OK', credential: DS_NEW });
  });

  it('an invalid credential is refused with INVALID_CREDENTIAL and nothing is written', () => {
    const bad: StoredCredential[] = [
      { ...DS_OLD, deviceSecret: '' } as StoredCredential,
      { ...DS_OLD, deviceSecret: 'has space' } as StoredCredential,
      { ...DS_OLD, productKey: 'bad key!' } as StoredCredential,
      { ...TOKEN, clientId: 'a|b' } as StoredCredential,
      { ...IOT, port: 0 } as StoredCredential,
      { ...IOT, expiresAtWall: 1.5 } as StoredCredential,
    ];
    for (const c of bad) {
      const board = createMockBoard();
      expect(createCredentialStore(board.hal).save(c)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIAL' } });
      expect(board.kv.snapshot()).toEqual({});
    }
  });

  it("the 'cred' and 'iot' stores are independent: a token refresh never touches the DeviceSecret", () => {
    const board = createMockBoard();
    const cred = createCredentialStore(board.hal, 'cred');
    const iot = createCredentialStore(board.hal, 'iot');
    cred.save(DS_OLD);
    for (let i = 0; i < 5; i++) iot.save(IOT);
    expect(cred.load()).toMatchObject({ status: 'OK', credential: DS_OLD, seq: 1 });
    expect(iot.load()).toMatchObject({ status: 'OK', credential: IOT, seq: 5 });
  });

  it('clear removes both slots, the older first: a power cut in between leaves the newer', () => {
    const board = createMockBoard();
    const store = createCredentialStore(board.hal);
    store.save(DS_OLD);
    store.save(DS_NEW);
    board.failNthCall(2, 'kv.remove');
    expect(store.clear()).toMatchObject({ code: 'WRITE_FAILED' });
    expect(store.load()).toMatchObject({ status: 'OK', credential: DS_NEW });
    expect(store.clear()).toBeNull();
    expect(store.load()).toEqual({ status: 'EMPTY' });
  });

  it('logs say what was stored, with the secret masked', () => {
    const board = createMockBoard();
    const store = createCredentialStore(board.hal);
    store.save(DS_OLD);
    store.load();
    const text = board.log.text();
    expect(text).toContain('deviceSecret stored in aliot.cred.a (seq 1): KGQQ…');
    expect(text).not.toContain(DS_OLD.kind === 'deviceSecret' ? DS_OLD.deviceSecret : '');
  });
});
