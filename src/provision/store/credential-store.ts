// The credential store over HAL KV: two slots, each a whole record (record.ts) with a sequence number and a
// CRC-32. A save goes to the slot not holding the newest valid record, is read back and compared before it
// counts, and so never touches the committed copy: a power cut or failed write at any point leaves either the
// previous credential or the new one loadable, never a damaged one. Load takes the newest valid slot.
//
// Two stores, so a weekly token refresh can never endanger a DeviceSecret:
//   'cred' (keys aliot.cred.a / aliot.cred.b): the registration result (deviceSecret or deviceToken);
//   'iot'  (keys aliot.iot.a / aliot.iot.b):   the HTTPS-authentication token cache (iotToken).
// Keys stay within Espruino's 28-char Storage names.

import type { Hal, HalErrorCode } from '../../../hal/types';
import { maskSecret } from '../../util/mask';
import { checkCredential, CREDENTIAL_TAG, decodeCredential, encodeCredential, secretOf, type StoredCredential } from './credential';
import { decodeRecord, encodeRecord } from './record';
import '../../features';

export const STORE_LOG_TAG = 'store';

export type StoreName = 'cred' | 'iot';

export type SlotName = 'a' | 'b';

/**
 * EMPTY: neither slot holds anything (first boot, or after clear()).
 * OK: the newest valid credential.
 * CORRUPT: something is stored but no slot passes its checks. Never treat this as EMPTY silently: if the device
 *   was activated, registering again gets 6289; the message says what to do. `interruptedWrite` is true when
 *   every stored slot is merely cut short — what a power cut during the very first save leaves (a save never
 *   writes over the only committed copy), so no committed credential was lost unless the flash itself failed.
 */
export type LoadResult =
  | { status: 'EMPTY' }
  | { status: 'OK'; credential: StoredCredential; seq: number; slot: SlotName }
  | { status: 'CORRUPT'; message: string; interruptedWrite: boolean };

/**
 * INVALID_CREDENTIAL: a field fails its check (nothing written).
 * WRITE_FAILED: the KV store refused the write (`halCode`); the previous credential is untouched.
 * VERIFY_FAILED: the value read back differs from the one written; the slot was cleared again, so the previous
 *   credential is what loads.
 */
export interface StoreError {
  code: 'INVALID_CREDENTIAL' | 'WRITE_FAILED' | 'VERIFY_FAILED';
  message: string;
  halCode?: HalErrorCode;
}

export type SaveResult = { ok: true; seq: number; slot: SlotName } | { ok: false; error: StoreError };

export interface CredentialStore {
  /** The KV keys of slot a and slot b. */
  readonly keys: [string, string];
  load(): LoadResult;
  save(credential: StoredCredential): SaveResult;
  /** Removes both slots, the older first (a power cut in between leaves the newer, still consistent). */
  clear(): StoreError | null;
}

type SlotState =
  | { kind: 'absent' }
  | { kind: 'bad'; reason: string; cut: boolean }
  | { kind: 'good'; seq: number; credential: StoredCredential };

export function storeKeys(name: StoreName): [string, string] {
  return ['aliot.' + name + '.a', 'aliot.' + name + '.b'];
}

/** What one slot's text holds. An empty string (a write torn at its first byte) counts as absent. */
export function readSlotText(text: string | undefined): SlotState {
  if (text === undefined || text === '') return { kind: 'absent' };
  const record = decodeRecord(CREDENTIAL_TAG, text);
  if (!record.ok) return { kind: 'bad', reason: record.reason, cut: record.cut };
  const credential = decodeCredential(record.body);
  if (credential === null) return { kind: 'bad', reason: 'not a valid credential', cut: false };
  return { kind: 'good', seq: record.seq, credential: credential };
}

export function createCredentialStore(hal: Pick<Hal, 'kv' | 'log'>, name?: StoreName): CredentialStore {
  const keys = storeKeys(name === undefined ? 'cred' : name);
  const log = hal.log;
  /** After read(): index (0 = a, 1 = b) of the newest good slot, or -1. Equal numbers (never written so) prefer a. */
  let top = -1;

  /** Both slots, as they are in KV now; sets `top`. */
  function read(): SlotState[] {
    const slots = [readSlotText(hal.kv.get(keys[0])), readSlotText(hal.kv.get(keys[1]))];
    const a = slots[0];
    const b = slots[1];
    top = a.kind === 'good' && (b.kind !== 'good' || a.seq >= b.seq) ? 0 : b.kind === 'good' ? 1 : -1;
    return slots;
  }

  function load(): LoadResult {
    const slots = read();
    const i = top;
    if (i >= 0) {
      const good = slots[i] as { kind: 'good'; seq: number; credential: StoredCredential };
      const other = slots[1 - i];
      if (other.kind === 'bad') log.write('warn', STORE_LOG_TAG, keys[1 - i] + ' is unreadable (' + other.reason + '); using ' + keys[i]);
      if (ALIOT_LOG_INFO) log.write('info', STORE_LOG_TAG, good.credential.kind + ' loaded from ' + keys[i] + ' (seq ' + good.seq + ')');
      return { status: 'OK', credential: good.credential, seq: good.seq, slot: i === 0 ? 'a' : 'b' };
    }
    // No good slot: each is absent or bad. Only cut-short ones (or none) is what an interrupted first save leaves.
    let what = '';
    let interrupted = true;
    for (let k = 0; k < 2; k++) {
      const slot = slots[k];
      what += (k === 0 ? '' : '; ') + keys[k] + ': ' + (slot.kind === 'bad' ? slot.reason : 'empty');
      if (slot.kind === 'bad' && !slot.cut) interrupted = false;
    }
    if (slots[0].kind === 'absent' && slots[1].kind === 'absent') return { status: 'EMPTY' };
    const message = 'stored credential damaged (' + what + '). If the device was activated, restore its DeviceSecret or ResetThing before registering again';
    log.write('error', STORE_LOG_TAG, message + (interrupted ? ' (only cut short: an interrupted first save)' : ''));
    return { status: 'CORRUPT', message: message, interruptedWrite: interrupted };
  }

  function save(credential: StoredCredential): SaveResult {
    const invalid = checkCredential(credential);
    if (invalid !== null) return { ok: false, error: { code: 'INVALID_CREDENTIAL', message: invalid } };
    const slots = read();
    // The slot not holding the newest good record: the committed copy is never written over.
    const target = top === 0 ? 1 : 0;
    const key = keys[target];
    const seq = top < 0 ? 1 : (slots[top] as { seq: number }).seq + 1;
    const value = encodeRecord(CREDENTIAL_TAG, seq, encodeCredential(credential));
    const written = hal.kv.set(key, value);
    if (written !== null) {
      log.write('warn', STORE_LOG_TAG, 'writing ' + key + ' failed: ' + written.message);
      return { ok: false, error: { code: 'WRITE_FAILED', message: 'write failed: ' + written.message, halCode: written.code } };
    }
    if (hal.kv.get(key) !== value) {
      hal.kv.remove(key);
      log.write('warn', STORE_LOG_TAG, key + ' did not read back as written; cleared it');
      return { ok: false, error: { code: 'VERIFY_FAILED', message: 'read back differs: flash may be failing' } };
    }
    if (ALIOT_LOG_INFO) log.write('info', STORE_LOG_TAG, credential.kind + ' stored in ' + key + ' (seq ' + seq + '): ' + maskSecret(secretOf(credential)));
    return { ok: true, seq: seq, slot: target === 0 ? 'a' : 'b' };
  }

  function clear(): StoreError | null {
    read();
    // The older first: a power cut in between leaves the newer, still consistent.
    for (let k = 0; k < 2; k++) {
      const key = keys[top === 0 ? 1 - k : k];
      const error = hal.kv.remove(key);
      if (error !== null) return { code: 'WRITE_FAILED', message: 'removing ' + key + ' failed: ' + error.message, halCode: error.code };
    }
    if (ALIOT_LOG_INFO) log.write('info', STORE_LOG_TAG, 'credentials in ' + keys[0] + ' / ' + keys[1] + ' cleared');
    return null;
  }

  return { keys: keys, load: load, save: save, clear: clear };
}
