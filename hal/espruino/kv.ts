// Kv on require("Storage") (spec/espruino.md §1a). Storage truncates names longer than 28 characters
// silently and returns true, so the binding refuses them (KEY_TOO_LONG) before Storage sees them; every
// write is read back and compared; a full Storage (write returns false or throws "Unable to find or create
// file") is FULL. Nothing throws out of here.
import type { HalError, Kv } from '../types';
import { thrownMessage } from './natives';

export interface KvLimits {
  /** Storage file names: 28 characters on Espruino 2v29. */
  maxKeyLength: number;
  maxValueLength: number;
}

function failure(code: HalError['code'], message: string): HalError {
  return { code: code, message: message };
}

function hasWideChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 255) return true;
  }
  return false;
}

/** Why this key cannot name a Storage file, or null. */
export function checkKey(key: string, limits: KvLimits): HalError | null {
  if (typeof key !== 'string' || key.length === 0) {
    return failure('WRITE_FAILED', 'the key is empty: give every stored value a name');
  }
  if (key.length > limits.maxKeyLength) {
    return failure(
      'KEY_TOO_LONG',
      'key "' + key + '" has ' + key.length + ' characters; Storage names hold ' + limits.maxKeyLength +
        ' (Espruino would silently truncate it): use a shorter name',
    );
  }
  if (hasWideChar(key)) return failure('WRITE_FAILED', 'the key has characters above 0xFF: keys are 8-bit strings');
  return null;
}

/** Why this value cannot be a Storage file's contents, or null. */
export function checkValue(value: string, limits: KvLimits): HalError | null {
  if (typeof value !== 'string') return failure('WRITE_FAILED', 'the value is not a string: serialise it first');
  if (value.length === 0) {
    // Storage.write(name, "") returns false without writing (src/jsflash.c: no data, no file).
    return failure('WRITE_FAILED', 'Espruino Storage cannot hold an empty file: remove the key instead');
  }
  if (value.length > limits.maxValueLength) {
    return failure('FULL', 'value of ' + value.length + " characters exceeds this board's limit of " + limits.maxValueLength);
  }
  if (hasWideChar(value)) {
    return failure('WRITE_FAILED', 'the value has characters above 0xFF: values are 8-bit strings (encode text as UTF-8 bytes first)');
  }
  return null;
}

function writeFailure(thrown: unknown): HalError {
  const message = thrownMessage(thrown);
  if (message.indexOf('Unable to find or create file') >= 0) {
    return failure('FULL', 'Storage is full (' + message + '): remove unused files or compact it');
  }
  return failure('WRITE_FAILED', 'Storage.write failed: ' + message);
}

export class StorageKv implements Kv {
  constructor(
    private readonly storage: EspruinoStorage | undefined,
    private readonly limits: KvLimits,
  ) {}

  get(key: string): string | undefined {
    if (!this.storage || checkKey(key, this.limits) !== null) return undefined;
    try {
      const value = this.storage.read(key);
      return typeof value === 'string' ? value : undefined;
    } catch (e) {
      return undefined;
    }
  }

  set(key: string, value: string): HalError | null {
    const refused = checkKey(key, this.limits) || checkValue(value, this.limits);
    if (refused) return refused;
    const storage = this.storage;
    if (!storage) return failure('WRITE_FAILED', 'this build has no Storage module');
    let written: boolean;
    try {
      written = storage.write(key, value);
    } catch (e) {
      return writeFailure(e);
    }
    if (written === false) {
      return failure('FULL', 'Storage.write returned false: Storage is full; remove unused files or compact it');
    }
    let readBack: string | undefined;
    try {
      readBack = storage.read(key);
    } catch (e) {
      readBack = undefined;
    }
    if (readBack !== value) {
      return failure('WRITE_FAILED', 'Storage file "' + key + '" did not read back as written: the flash may be failing');
    }
    return null;
  }

  remove(key: string): HalError | null {
    const refused = checkKey(key, this.limits);
    // A key that cannot name a file is absent, and removing an absent key succeeds.
    if (refused) return refused.code === 'KEY_TOO_LONG' ? null : refused;
    if (!this.storage) return failure('WRITE_FAILED', 'this build has no Storage module');
    try {
      this.storage.erase(key);
    } catch (e) {
      return failure('WRITE_FAILED', 'Storage.erase failed: ' + thrownMessage(e));
    }
    return null;
  }
}
