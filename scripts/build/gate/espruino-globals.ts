/**
 * The global names an image may rely on when it runs on Espruino (2v29, ESP32 board), and the names it must not.
 * Sources: spec/espruino.md §1 (APIs used by the HAL binding) and §1g (language support).
 */

export const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
] as const;

/** ESP32 GPIO pins are globals named D0…D39. */
const ESP32_PINS = Array.from({ length: 40 }, (_, i) => `D${i}`);

export const KNOWN_GLOBALS: ReadonlySet<string> = new Set([
  // Espruino runtime
  'print', 'console', 'E', 'require', 'process', 'global', 'Modules', 'ESP32', 'url',
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'changeInterval',
  'setWatch', 'clearWatch', 'getSerial', 'getTime', 'load', 'reset', 'save', 'dump', 'trace',
  'peek8', 'poke8', 'peek16', 'poke16', 'peek32', 'poke32',
  'analogRead', 'analogWrite', 'digitalRead', 'digitalWrite', 'digitalPulse', 'pinMode', 'getPinMode',
  'Serial1', 'Serial2', 'LED1', 'BTN1', 'Pin', ...ESP32_PINS,
  // the profile runner's memory marker (probed with typeof before use)
  '__aliotMark',
  // language builtins Espruino provides
  'Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Math', 'JSON', 'Date', 'RegExp',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'InternalError',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'btoa', 'atob',
  'ArrayBuffer', 'DataView', ...TYPED_ARRAYS,
  'undefined', 'NaN', 'Infinity', 'eval',
]);

/** Standard globals Espruino lacks (spec/espruino.md §1g), with what to write instead. */
export const FORBIDDEN_GLOBALS: ReadonlyMap<string, string> = new Map([
  ['Map', 'use a plain object keyed by string (Object.create(null)) or parallel arrays'],
  ['Set', 'use a plain object of string keys set to true, or an array with indexOf'],
  ['WeakMap', 'store the value on the object itself or in a plain object keyed by an id'],
  ['WeakSet', 'mark the object with a property, or keep an array of members'],
  ['Symbol', 'iterate with index loops; for-of over anything but an array, spread of iterables and Symbol keys compile to Symbol'],
  ['Proxy', 'access the target object directly'],
  ['Reflect', 'use Object.keys / Object.defineProperty / fn.apply directly'],
  ['BigInt', 'use numbers (exact to 2^53) or byte arrays'],
  ['Promise', 'use callbacks, or declare Promise in the board allowGlobals if the board provides it'],
]);

/** What to do about a common leftover that is not an Espruino global. */
export const LEFTOVER_REMEDIES: ReadonlyMap<string, string> = new Map([
  ['__awaiter', 'async/await is not allowed in device code: use callbacks'],
  ['__generator', 'generators and async/await are not allowed in device code: use callbacks and explicit state'],
  ['__asyncValues', 'for-await is not allowed in device code: use callbacks'],
  ['__extends', 'the bundle must define the TypeScript helpers itself (do not build with importHelpers or noEmitHelpers)'],
  ['__assign', 'the bundle must define the TypeScript helpers itself, or copy the keys with a loop'],
  ['__spreadArray', 'avoid spread; use concat / apply'],
  ['__read', 'avoid destructuring of iterables; index the array'],
  ['__values', 'avoid for-of over non-arrays; use an index loop'],
  ['__rest', 'avoid object rest; copy the needed keys by hand'],
  ['Buffer', 'use Uint8Array with E.toString / E.toUint8Array'],
  ['TextEncoder', 'strings are 8-bit on ESP32: use E.toUint8Array'],
  ['TextDecoder', 'strings are 8-bit on ESP32: use E.toString'],
  ['setImmediate', 'use setTimeout(fn, 0)'],
  ['queueMicrotask', 'use setTimeout(fn, 0)'],
  ['window', 'there is no DOM on the device: use `global`'],
  ['document', 'there is no DOM on the device'],
  ['globalThis', 'Espruino names the global object `global`'],
  ['self', 'there is no worker/DOM global on the device: use `global`'],
  ['module', 'CommonJS leftover: the image must be one self-contained bundle'],
  ['exports', 'CommonJS leftover: the image must be one self-contained bundle'],
  ['__dirname', 'Node leftover: there is no file system path on the device'],
  ['__filename', 'Node leftover: there is no file system path on the device'],
]);
