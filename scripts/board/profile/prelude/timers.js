// setTimeout / setInterval / clearTimeout / clearInterval. The schedule (ids, due times) lives in the engine;
// the callbacks live here, by id, and the engine fires them through hooks.fire(id, last).
(function (host, configJson, G, hooks) {
  'use strict';
  var objectCreate = Object.create;
  var globalEval = G.eval;
  var callbacks = objectCreate(null);

  function defineHidden(target, key, value) {
    Object.defineProperty(target, key, { value: value, writable: true, enumerable: false, configurable: true });
  }

  function schedule(args, repeat) {
    var callback = args[0];
    if (typeof callback !== 'function' && typeof callback !== 'string') {
      throw new Error('Function or String not supplied!');
    }
    var extra = [];
    for (var i = 2; i < args.length; i++) extra.push(args[i]);
    var id = host.timerAdd(+args[1] || 0, repeat);
    callbacks[id] = { callback: callback, args: extra };
    return id;
  }

  // Espruino: no argument clears every timer; an explicit `undefined` throws; an unknown id is ignored.
  function unschedule(args, name) {
    if (args.length === 0) {
      callbacks = objectCreate(null);
      host.timerClearAll();
      return;
    }
    if (args[0] === undefined) throw new Error(name + '(undefined) not allowed. Use ' + name + '() instead');
    var id = +args[0];
    host.timerClear(id);
    delete callbacks[id];
  }

  hooks.fire = function (id, last) {
    var timer = callbacks[id];
    if (last) delete callbacks[id];
    if (!timer) return;
    if (typeof timer.callback === 'string') globalEval(timer.callback);
    else timer.callback.apply(undefined, timer.args);
  };

  defineHidden(G, 'setTimeout', function setTimeout() {
    return schedule(arguments, false);
  });
  defineHidden(G, 'setInterval', function setInterval() {
    return schedule(arguments, true);
  });
  defineHidden(G, 'clearTimeout', function clearTimeout() {
    unschedule(arguments, 'clearTimeout');
  });
  defineHidden(G, 'clearInterval', function clearInterval() {
    unschedule(arguments, 'clearInterval');
  });
});
