// The memory limit as the program feels it, and the named marks. On Espruino an out-of-memory cannot be
// caught; here the engine stops the program with an uncatchable interrupt.
(function (host, configJson, G, hooks) {
  'use strict';
  var config = JSON.parse(configJson);
  var AB = ArrayBuffer;
  var construct = Reflect.construct;
  var RealInternalError = InternalError;
  var defineProperty = Object.defineProperty;
  var getOwnPropertyNames = Object.getOwnPropertyNames;
  var getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;

  function defineHidden(target, key, value) {
    defineProperty(target, key, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // Called once the engine has flagged out-of-memory: its next interrupt poll (within ~10k jumps) ends
  // the program with an error no try/catch sees.
  function waitForInterrupt() {
    for (;;) {
      // spin until interrupted
    }
  }

  // Buffers are charged against the bytes left under the limit, so a loop allocating them stops at once
  // instead of at the next poll. Other allocations are caught by the engine's polls.
  var bytesLeft = 0;
  function chargeBytes(bytes) {
    if (!config.memoryLimited) return;
    bytesLeft -= bytes;
    if (bytesLeft < 0) {
      bytesLeft = host.memRemaining();
      if (bytesLeft < 0) waitForInterrupt();
    }
  }

  // Same classes, but every allocation is charged, and QuickJS's (catchable) allocator failure becomes
  // the uncatchable stop.
  function installCountingConstructor(name) {
    var Real = G[name];
    var facade = function () {
      var made;
      try {
        made = construct(Real, arguments);
      } catch (e) {
        if (e instanceof RealInternalError && e.message === 'out of memory') {
          host.allocatorFailed();
          waitForInterrupt();
        }
        throw e;
      }
      if (!(arguments[0] instanceof AB)) chargeBytes(made.byteLength);
      return made;
    };
    var statics = getOwnPropertyNames(Real);
    for (var i = 0; i < statics.length; i++) {
      var key = statics[i];
      if (key !== 'prototype' && key !== 'length' && key !== 'name') {
        defineProperty(facade, key, getOwnPropertyDescriptor(Real, key));
      }
    }
    defineProperty(facade, 'name', { value: name, configurable: true });
    defineProperty(facade, 'length', { value: Real.length, configurable: true });
    defineProperty(facade, 'prototype', { value: Real.prototype });
    defineHidden(Real.prototype, 'constructor', facade);
    defineHidden(G, name, facade);
  }

  var bufferClasses = ['ArrayBuffer', 'Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array',
    'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array'];
  for (var b = 0; b < bufferClasses.length; b++) installCountingConstructor(bufferClasses[b]);

  // The image calls this guarded by `typeof __aliotMark === 'function'`; it records memory in use by name.
  defineHidden(G, '__aliotMark', function __aliotMark(name) {
    host.mark(String(name));
    if (config.memoryLimited && host.memRemaining() < 0) waitForInterrupt();
  });

  hooks.waitForInterrupt = waitForInterrupt;
});
