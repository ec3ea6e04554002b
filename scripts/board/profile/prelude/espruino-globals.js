// print, console.log, E, process and getTime, as far as the firmware uses them (spec/espruino.md §1c–§1f).
(function (host, configJson, G, hooks) {
  'use strict';
  var config = JSON.parse(configJson);
  var getPrototypeOf = Object.getPrototypeOf;
  var U8 = Uint8Array; // memory.js's counting constructor: allocations here are charged too
  var AB = ArrayBuffer;
  var TypedArray = getPrototypeOf(U8.prototype).constructor; // %TypedArray%
  var keysOf = Object.keys;
  var isArray = Array.isArray;
  var jsonStringify = JSON.stringify;
  var fromCharCode = String.fromCharCode;
  var RealString = String;
  var sliceArgs = Array.prototype.slice;

  function defineHidden(target, key, value) {
    Object.defineProperty(target, key, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // ---- print / console.log: arguments joined by single spaces, one line per call ----------------------
  function formatArg(v) {
    if (typeof v === 'string') return v;
    if (v === undefined) return 'undefined';
    if (typeof v === 'function') return 'function ' + (v.name || '') + '() {...}';
    if (v instanceof TypedArray) {
      var items = [];
      for (var i = 0; i < v.length; i++) items.push(v[i]);
      return 'new ' + getPrototypeOf(v).constructor.name + '([' + items.join(', ') + '])';
    }
    try {
      var text = jsonStringify(v);
      return text === undefined ? RealString(v) : text;
    } catch (e) {
      return RealString(v);
    }
  }

  function print() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(formatArg(arguments[i]));
    host.print(parts.join(' '));
  }

  // ---- E -----------------------------------------------------------------------------------------------
  // Rough JsVar count (Espruino's unit for E.getSizeOf): one var per value and per property name, strings
  // and buffers one more per 12 bytes. An estimate for budgeting, not Espruino's exact figure.
  function estimateVars(v, seen) {
    if (typeof v === 'string') return 1 + Math.floor(v.length / 12);
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return 1;
    if (seen.indexOf(v) >= 0) return 0;
    seen.push(v);
    if (v instanceof TypedArray || v instanceof AB) return 2 + Math.ceil(v.byteLength / 12);
    var count = typeof v === 'function' ? 2 : 1;
    var keys = keysOf(v);
    for (var i = 0; i < keys.length; i++) {
      var child = v[keys[i]];
      count += 1 + (typeof child === 'object' || typeof child === 'string' ? estimateVars(child, seen) : 0);
    }
    return count;
  }

  // Flattens E.toString/E.toUint8Array arguments (numbers, strings, arrays, typed arrays, ArrayBuffers,
  // {data, count}) into a list of byte values.
  function collectBytes(source, out) {
    if (typeof source === 'number') {
      out.push(source & 255);
    } else if (typeof source === 'string') {
      for (var i = 0; i < source.length; i++) out.push(source.charCodeAt(i) & 255);
    } else if (source instanceof AB) {
      collectBytes(new U8(source), out);
    } else if (isArray(source) || source instanceof TypedArray) {
      for (var j = 0; j < source.length; j++) collectBytes(source[j], out);
    } else if (source && typeof source === 'object' && source.data !== undefined) {
      var times = source.count === undefined ? 1 : source.count;
      for (var k = 0; k < times; k++) collectBytes(source.data, out);
    }
    return out;
  }

  function bytesToString(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i += 4096) text += fromCharCode.apply(undefined, bytes.slice(i, i + 4096));
    return text;
  }

  var E = {
    getSizeOf: function getSizeOf(v) {
      return estimateVars(v, []);
    },
    hwRand: function hwRand() {
      return host.hwRand();
    },
    toString: function toString() {
      return bytesToString(collectBytes(sliceArgs.call(arguments), []));
    },
    toUint8Array: function toUint8Array() {
      return new U8(collectBytes(sliceArgs.call(arguments), []));
    },
    reboot: function reboot() {
      host.reboot();
    }
  };

  // ---- process -------------------------------------------------------------------------------------
  // Units differ from Espruino on purpose: Espruino counts JsVars (blocks of `blocksize` bytes); here
  // usage/free/total are BYTES of the QuickJS runtime's memory_used_size against the configured limit,
  // and blocksize is 1 so that usage * blocksize is bytes either way.
  var processObject = {
    version: config.version,
    env: { VERSION: config.version, BOARD: config.board },
    memory: function memory() {
      var used = host.memUsed();
      var total = config.memoryTotal;
      if (config.memoryLimited && used > total) hooks.waitForInterrupt();
      return { free: Math.max(0, total - used), usage: used, total: total, blocksize: 1 };
    }
  };

  defineHidden(G, 'print', print);
  defineHidden(G, 'console', { log: print });
  defineHidden(G, 'E', E);
  defineHidden(G, 'process', processObject);
  defineHidden(G, 'getTime', function getTime() {
    return host.now() / 1000; // seconds since the profile started, as a float
  });
});
