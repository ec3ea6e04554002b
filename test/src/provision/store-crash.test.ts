import { describe, expect, it } from 'vitest';
import { createMockBoard, type FlashImage } from '../../../hal/mock';
import { createCredentialStore, type LoadResult, type StoredCredential } from '../../../src/provision';
import { DS_NEW, DS_OLD, IOT, TOKEN } from '../../fixtures/provision/credentials';

const KV_KINDS = ['kv.get', 'kv.set', 'kv.remove'] as const;

/** Flash holding the given credentials saved in order (the last is the committed, newest one). */
function flashWith(...credentials: StoredCredential[]): FlashImage {
  const board = createMockBoard();
  const store = createCredentialStore(board.hal);
  for (const c of credentials) expect(store.save(c).ok).toBe(true);
  return board.kv.snapshot();
}

/** The value a save of `next` writes over `flash`, found by doing it on a throwaway board. */
function valueWritten(flash: FlashImage, next: StoredCredential): { key: string; value: string } {
  const board = createMockBoard({ flash });
  const saved = createCredentialStore(board.hal).save(next);
  if (!saved.ok) throw new Error(saved.error.message);
  const key = saved.slot === 'a' ? 'aliot.cred.a' : 'aliot.cred.b';
  return { key, value: board.kv.snapshot()[key] };
}

function loadOn(flash: FlashImage): LoadResult {
  return createCredentialStore(createMockBoard({ flash }).hal).load();
}

const histories: [string, StoredCredential[]][] = [
  ['one committed credential', [DS_OLD]],
  ['two committed credentials (the save goes to the older slot)', [TOKEN, DS_OLD]],
  ['three committed credentials (slot b newest)', [IOT, TOKEN, DS_OLD]],
];

describe('credential store: power cut at every byte of a write', () => {
  for (const [what, history] of histories) {
    it(`never loses the committed credential and never yields a corrupt one — ${what}`, () => {
      const flash = flashWith(...history);
      const committed = history[history.length - 1];
      const { value } = valueWritten(flash, DS_NEW);
      for (let n = 0; n <= value.length; n++) {
        const board = createMockBoard({ flash });
        const store = createCredentialStore(board.hal);
        board.kv.cutPowerAfterBytes(n);
        store.save(DS_NEW);
        expect(board.powered).toBe(false);
        board.reboot();
        const loaded = createCredentialStore(board.hal).load();
        const expected = n === value.length ? DS_NEW : committed;
        expect(loaded, `cut after ${n} of ${value.length} chars`).toMatchObject({ status: 'OK', credential: expected });
      }
    });
  }

  it('a torn first write loads EMPTY or CORRUPT marked as an interrupted write (never a credential), and the complete one loads', () => {
    const { value } = valueWritten({}, DS_NEW);
    for (let n = 0; n <= value.length; n++) {
      const board = createMockBoard();
      board.kv.cutPowerAfterBytes(n);
      createCredentialStore(board.hal).save(DS_NEW);
      board.reboot();
      const loaded = createCredentialStore(board.hal).load();
      if (n === value.length) expect(loaded).toMatchObject({ status: 'OK', credential: DS_NEW });
      else if (n === 0) expect(loaded).toEqual({ status: 'EMPTY' });
      else expect(loaded, `cut after ${n}`).toMatchObject({ status: 'CORRUPT', interruptedWrite: true });
    }
  });

  it('a second power cut during the next save after a torn one still keeps the committed credential', () => {
    const flash = flashWith(TOKEN, DS_OLD);
    const { value } = valueWritten(flash, DS_NEW);
    for (const n of [0, 5, Math.floor(value.length / 2), value.length - 1]) {
      const board = createMockBoard({ flash });
      board.kv.cutPowerAfterBytes(n);
      createCredentialStore(board.hal).save(DS_NEW);
      board.reboot();
      board.kv.cutPowerAfterBytes(n + 1);
      createCredentialStore(board.hal).save(IOT);
      board.reboot();
      expect(createCredentialStore(board.hal).load()).toMatchObject({ status: 'OK', credential: DS_OLD });
    }
  });
});

describe('credential store: fail the k-th KV call of a save', () => {
  for (const [what, history] of histories) {
    it(`for every k the previous credential still loads unless the save reported success — ${what}`, () => {
      const flash = flashWith(...history);
      const committed = history[history.length - 1];
      const dry = createMockBoard({ flash });
      createCredentialStore(dry.hal).save(DS_NEW);
      const calls = dry.recorder.countFailable([...KV_KINDS]);
      expect(calls).toBeGreaterThanOrEqual(4);
      for (let k = 1; k <= calls + 1; k++) {
        const board = createMockBoard({ flash });
        board.failNthCall(k, [...KV_KINDS]);
        const saved = createCredentialStore(board.hal).save(DS_NEW);
        board.recorder.clearFaults();
        const loaded = createCredentialStore(board.hal).load();
        expect(loaded, `k = ${k}, save ${saved.ok ? 'ok' : saved.error.code}`).toMatchObject({ status: 'OK', credential: saved.ok ? DS_NEW : committed });
      }
    });
  }

  it('a write the KV refuses is WRITE_FAILED carrying the HAL code, and the committed credential stays', () => {
    const board = createMockBoard({ flash: flashWith(DS_OLD) });
    board.kv.failWrite(1);
    const saved = createCredentialStore(board.hal).save(DS_NEW);
    expect(saved).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED', halCode: 'WRITE_FAILED' } });
    expect(createCredentialStore(board.hal).load()).toMatchObject({ status: 'OK', credential: DS_OLD });
  });

  it('a full store is WRITE_FAILED (FULL), and the committed credential stays', () => {
    const flash = flashWith(DS_OLD);
    const used = Object.entries(flash).reduce((n, [k, v]) => n + k.length + v.length, 0);
    const board = createMockBoard({ flash, kvCapacity: used + 20 });
    const saved = createCredentialStore(board.hal).save(DS_NEW);
    expect(saved).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED', halCode: 'FULL' } });
    expect(createCredentialStore(board.hal).load()).toMatchObject({ status: 'OK', credential: DS_OLD });
  });

  it('a value that does not read back as written is VERIFY_FAILED, and the slot is cleared again', () => {
    const board = createMockBoard({ flash: flashWith(DS_OLD) });
    const hal = { ...board.hal, kv: { ...board.hal.kv, get: (key: string) => { const v = board.hal.kv.get(key); return v === undefined || key.endsWith('.a') ? v : v.replace('Zr8W', 'Zr9W'); } } };
    const saved = createCredentialStore(hal).save(DS_NEW);
    expect(saved).toMatchObject({ ok: false, error: { code: 'VERIFY_FAILED' } });
    expect(board.kv.snapshot()['aliot.cred.b']).toBeUndefined();
    expect(createCredentialStore(board.hal).load()).toMatchObject({ status: 'OK', credential: DS_OLD });
  });

  it('after a completed write the new value is what loads, also after a reboot', () => {
    const board = createMockBoard({ flash: flashWith(DS_OLD) });
    expect(createCredentialStore(board.hal).save(DS_NEW)).toMatchObject({ ok: true, slot: 'b', seq: 2 });
    board.cutPower();
    board.reboot();
    expect(loadOn(board.kv.snapshot())).toMatchObject({ status: 'OK', credential: DS_NEW, seq: 2, slot: 'b' });
  });
});
