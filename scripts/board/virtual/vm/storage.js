// require("Storage") (spec/espruino.md §1a): write(name, data, offset, size), read, readJSON, writeJSON,
// readArrayBuffer, erase, eraseAll, list, getFree, getStats, compact. Data is stored as 8-bit strings: a
// string as its characters' low bytes, arrays and typed arrays as bytes, other objects JSON-stringified.
// Failures Espruino throws (a full Storage: "Unable to find or create file") are thrown as Errors.
(function (host, G, board) {
  'use strict';
  var RealError = Error;
  var jsonStringify = JSON.stringify;
  var jsonParse = JSON.parse;

  function toStorageString(data) {
    if (typeof data === 'string') return data;
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data) || Array.isArray(data)) return E.toString(data);
    if (data !== null && typeof data === 'object') return jsonStringify(data);
    return String(data);
  }

  function checked(outcome) {
    if (outcome !== null && typeof outcome === 'object' && typeof outcome.error === 'string') throw new RealError(outcome.error);
    return outcome;
  }

  function number(v, fallback) {
    return typeof v === 'number' && v === v ? v : fallback;
  }

  var Storage = {
    write: function write(name, data, offset, size) {
      return checked(host.storageWrite(String(name), toStorageString(data), number(offset, 0), number(size, 0)));
    },
    read: function read(name, offset, length) {
      return host.storageRead(String(name), number(offset, 0), number(length, -1));
    },
    readJSON: function readJSON(name, noExceptions) {
      var text = Storage.read(name);
      if (text === undefined) return undefined;
      try {
        return jsonParse(text);
      } catch (e) {
        if (noExceptions) return undefined;
        throw e;
      }
    },
    writeJSON: function writeJSON(name, data) {
      return Storage.write(name, jsonStringify(data));
    },
    readArrayBuffer: function readArrayBuffer(name) {
      var text = Storage.read(name);
      return text === undefined ? undefined : E.toUint8Array(text).buffer;
    },
    erase: function erase(name) {
      host.storageErase(String(name));
    },
    eraseAll: function eraseAll() {
      host.storageEraseAll();
    },
    list: function list(pattern) {
      var names = host.storageList();
      if (pattern === undefined) return names;
      var regex = pattern instanceof RegExp ? pattern : new RegExp(String(pattern));
      var out = [];
      for (var i = 0; i < names.length; i++) {
        regex.lastIndex = 0;
        if (regex.test(names[i])) out.push(names[i]);
      }
      return out;
    },
    getFree: function getFree() {
      return host.storageGetFree();
    },
    getStats: function getStats() {
      return host.storageGetStats();
    },
    compact: function compact() {
      host.storageCompact();
    },
    open: function open() {
      throw new RealError('Storage.open (StorageFile) is not emulated by the virtual ESP32: use read/write');
    }
  };

  board.modules.Storage = Storage;
});
