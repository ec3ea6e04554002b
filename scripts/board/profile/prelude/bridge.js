// Host-bridge helpers (used by ../bridge.ts). VM → host: bytes travel as an ArrayBuffer copy, anything else
// as JSON with each Uint8Array tagged; host → VM: the reverse.
(function (host, configJson, G, hooks) {
  'use strict';
  var U8 = Uint8Array;
  var AB = ArrayBuffer;
  var TypedArray = Object.getPrototypeOf(U8);
  var jsonStringify = JSON.stringify;
  var jsonParse = JSON.parse;
  var isArray = Array.isArray;
  var BYTES_TAG = '__aliotBytes__'; // must match ../bridge.ts

  function tagBytes(key, value) {
    if (!(value instanceof U8)) return value;
    var list = [];
    for (var i = 0; i < value.length; i++) list.push(value[i]);
    var tagged = {};
    tagged[BYTES_TAG] = list;
    return tagged;
  }

  function reviveBytes(key, value) {
    if (value && typeof value === 'object' && isArray(value[BYTES_TAG])) return new U8(value[BYTES_TAG]);
    return value;
  }

  hooks.encode = function (v) {
    if (v instanceof TypedArray) return new U8(new U8(v.buffer, v.byteOffset, v.byteLength)).buffer;
    if (v instanceof AB) return new U8(new U8(v)).buffer;
    return jsonStringify(v, tagBytes);
  };
  hooks.decode = function (json) {
    return jsonParse(json, reviveBytes);
  };
  hooks.bytes = function (buffer) {
    return new U8(buffer);
  };
});
