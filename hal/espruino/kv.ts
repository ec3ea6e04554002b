// Kv on require("Storage") (spec/espruino.md §1a). Storage truncates names longer than 28 characters silently and
// returns true, so the binding refuses them (KEY_TOO_LONG) before Storage sees them; Storage.write(name, "")
// returns false without writing (no data, no file), so an empty value is refused too; strings are 8-bit on the
// ESP32, so characters above 0xFF are refused. Every write is read back and compared; a full Storage (write
// returns false, or throws "Unable to find or create file") is FULL. Nothing throws out of here.
/// <reference path="./espruino-types.d.ts" />
import type { HalError, Kv } from '../types';
import { halError, thrownMessage } from './util';

/** Storage may be undefined (a build without it): then nothing reads and nothing writes. */
export function storageKv(storage: EspruinoStorage | undefined, maxKeyLength: number, maxValueLength: number): Kv {
  /** Why this key (or, with isValue, this value) cannot be stored, or null. */
  function refused(text: string, isValue: boolean): HalError | null {
    const what = isValue ? 'value' : 'key';
    if (typeof text !== 'string' || text.length === 0) {
      return halError('WRITE_FAILED', 'the ' + what + ' is empty or not a string');
    }
    const max = isValue ? maxValueLength : maxKeyLength;
    if (text.length > max) {
      // a value too long is FULL; a key too long is one Espruino would silently truncate
      return halError(isValue ? 'FULL' : 'KEY_TOO_LONG', 'the ' + what + ' has ' + text.length + ' characters: at most ' + max);
    }
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 255) return halError('WRITE_FAILED', 'the ' + what + ' has characters above 0xFF');
    }
    return null;
  }

  return {
    get: function (key: string): string | undefined {
      if (!storage || refused(key, false) !== null) return undefined;
      try {
        const value = storage.read(key);
        return typeof value === 'string' ? value : undefined;
      } catch (e) {
        return undefined;
      }
    },

    set: function (key: string, value: string): HalError | null {
      const why = refused(key, false) || refused(value, true);
      if (why) return why;
      if (!storage) return halError('WRITE_FAILED', 'no Storage module in this build');
      let written: boolean;
      try {
        written = storage.write(key, value);
      } catch (e) {
        const message = thrownMessage(e);
        return halError(message.indexOf('Unable to find or create file') >= 0 ? 'FULL' : 'WRITE_FAILED', 'Storage.write: ' + message);
      }
      if (written === false) return halError('FULL', 'Storage.write returned false');
      let readBack: string | undefined;
      try {
        readBack = storage.read(key);
      } catch (e) {
        readBack = undefined;
      }
      return readBack === value ? null : halError('WRITE_FAILED', 'Storage file "' + key + '" did not read back as written');
    },

    remove: function (key: string): HalError | null {
      const why = refused(key, false);
      // A key too long to name a file is absent, and removing an absent key succeeds.
      if (why) return why.code === 'KEY_TOO_LONG' ? null : why;
      if (!storage) return halError('WRITE_FAILED', 'no Storage module in this build');
      try {
        storage.erase(key);
      } catch (e) {
        return halError('WRITE_FAILED', 'Storage.erase: ' + thrownMessage(e));
      }
      return null;
    },
  };
}
