// One REPL line (spec/espruino.md §2): evaluated in global scope; the result as Espruino echoes it after
// '=' (strings quoted, objects and arrays as pretty JSON with unquoted keys), or the uncaught error.
(function (host, G, board) {
  'use strict';
  var globalEval = G.eval;
  var jsonStringify = JSON.stringify;
  var keysOf = Object.keys;
  var isArray = Array.isArray;
  var getPrototypeOf = Object.getPrototypeOf;
  var TypedArray = getPrototypeOf(Uint8Array.prototype).constructor;
  var IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

  function format(v, depth) {
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (typeof v === 'string') return jsonStringify(v);
    if (typeof v === 'function') return String(v);
    if (typeof v !== 'object') return String(v);
    if (depth > 4) return '...';
    var parts = [];
    if (v instanceof TypedArray) {
      for (var t = 0; t < v.length; t++) parts.push(String(v[t]));
      return 'new ' + getPrototypeOf(v).constructor.name + '([' + parts.join(', ') + '])';
    }
    if (v instanceof ArrayBuffer) return format(new Uint8Array(v), depth) + '.buffer';
    if (isArray(v)) {
      for (var i = 0; i < v.length; i++) parts.push(format(v[i], depth + 1));
      return parts.length ? '[ ' + parts.join(', ') + ' ]' : '[ ]';
    }
    var keys = keysOf(v);
    for (var k = 0; k < keys.length; k++) {
      var key = IDENTIFIER.test(keys[k]) ? keys[k] : jsonStringify(keys[k]);
      parts.push(key + ': ' + format(v[keys[k]], depth + 1));
    }
    return parts.length ? '{ ' + parts.join(', ') + ' }' : '{ }';
  }

  board.repl = function (code) {
    var value;
    try {
      value = globalEval(code);
    } catch (e) {
      var name = e && e.name ? e.name : 'Error';
      var message = e && e.message !== undefined ? e.message : String(e);
      return { error: 'Uncaught ' + name + ': ' + message };
    }
    try {
      return { text: format(value, 0) };
    } catch (e2) {
      return { text: String(value) };
    }
  };
});
