// Globals every Espruino build has that QuickJS lacks: `global` (the root object) and btoa/atob over
// 8-bit strings (spec/espruino.md §1g lists btoa/atob; the TLS docs use atob to turn PEM base64 into DER).
(function (host, configJson, G, hooks) {
  'use strict';
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var fromCharCode = String.fromCharCode;

  function defineHidden(target, key, value) {
    Object.defineProperty(target, key, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // Espruino encodes the low 8 bits of each character.
  function btoa(input) {
    var text = String(input);
    var out = '';
    for (var i = 0; i < text.length; i += 3) {
      var a = text.charCodeAt(i) & 255;
      var b = i + 1 < text.length ? text.charCodeAt(i + 1) & 255 : -1;
      var c = i + 2 < text.length ? text.charCodeAt(i + 2) & 255 : -1;
      out += ALPHABET.charAt(a >> 2);
      out += ALPHABET.charAt(((a & 3) << 4) | (b < 0 ? 0 : b >> 4));
      out += b < 0 ? '=' : ALPHABET.charAt(((b & 15) << 2) | (c < 0 ? 0 : c >> 6));
      out += c < 0 ? '=' : ALPHABET.charAt(c & 63);
    }
    return out;
  }

  // Characters outside the alphabet (line breaks, spaces, '=') are skipped, as Espruino's decoder does.
  function atob(input) {
    var text = String(input);
    var out = '';
    var bits = 0;
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var v = ALPHABET.indexOf(text.charAt(i));
      if (v < 0) continue;
      bits = (bits << 6) | v;
      count += 6;
      if (count >= 8) {
        count -= 8;
        out += fromCharCode((bits >> count) & 255);
      }
    }
    return out;
  }

  defineHidden(G, 'global', G);
  defineHidden(G, 'btoa', btoa);
  defineHidden(G, 'atob', atob);
});
