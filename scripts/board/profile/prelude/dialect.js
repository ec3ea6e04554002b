// Makes the language look like Espruino 2v29 where a static gate cannot see (spec/espruino.md §1g).
// Runs LAST: the other prelude files captured the builtins this one hides.
(function (host, configJson, G, hooks) {
  'use strict';
  var config = JSON.parse(configJson);
  var Obj = Object;
  var RealArray = Array;
  var RealString = String;
  var RealFunction = Function;
  var RealProxy = Proxy;
  var RealReflect = Reflect;
  var hasInstanceKey = Symbol.hasInstance;
  var defineProperty = Obj.defineProperty;
  var getPrototypeOf = Obj.getPrototypeOf;
  var getOwnPropertyNames = Obj.getOwnPropertyNames;
  var getOwnPropertyDescriptor = Obj.getOwnPropertyDescriptor;
  var objectCreate = Obj.create;

  function defineHidden(target, key, value) {
    defineProperty(target, key, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // ---- Object.create(p, props) throws; one argument works -------------------------------------------
  defineHidden(Obj, 'create', function create(proto, props) {
    if (props !== undefined) throw new Error('propertiesObject is not supported yet');
    return objectCreate(proto);
  });

  // ---- builtin members Espruino lacks -----------------------------------------------------------------
  function removeMembers(target, names) {
    for (var i = 0; i < names.length; i++) delete target[names[i]];
  }
  removeMembers(RealArray, ['from', 'of']);
  removeMembers(getPrototypeOf(Uint8Array.prototype).constructor, ['from', 'of']); // %TypedArray%
  removeMembers(Number, ['isInteger']);
  removeMembers(Math, ['trunc', 'imul']);
  removeMembers(Obj, ['freeze', 'seal']);
  removeMembers(Date, ['UTC']);
  removeMembers(RealString.prototype, ['codePointAt', 'localeCompare']);
  removeMembers(RealArray.prototype, ['reduceRight', 'lastIndexOf', 'flat', 'flatMap']);
  removeMembers(ArrayBuffer.prototype, ['slice']);

  // ---- Array / String / Function whose .prototype reads without the builtin methods -------------------
  // Espruino finds builtin methods on instances but not through `X.prototype` (espruino/Espruino#159).
  // The global constructor becomes a facade: same call/construct behaviour and statics, `instanceof`
  // still true for real instances, and a `.prototype` that starts empty. Properties the program ADDS to
  // that prototype are forwarded to the real one, so instances see them, as on Espruino.
  function facadePrototype(realPrototype, facade) {
    var shown = objectCreate(Obj.prototype);
    defineHidden(shown, 'constructor', facade);
    var added = objectCreate(null);
    var proxy = new RealProxy(shown, {
      set: function (target, key, value, receiver) {
        if (receiver !== proxy) return RealReflect.set(target, key, value, receiver);
        target[key] = value;
        realPrototype[key] = value;
        added[key] = true;
        return true;
      },
      defineProperty: function (target, key, descriptor) {
        RealReflect.defineProperty(realPrototype, key, descriptor);
        added[key] = true;
        return RealReflect.defineProperty(target, key, descriptor);
      },
      deleteProperty: function (target, key) {
        if (added[key]) {
          delete realPrototype[key];
          delete added[key];
        }
        return RealReflect.deleteProperty(target, key);
      }
    });
    return proxy;
  }

  function installFacade(name, Real, facade) {
    var statics = getOwnPropertyNames(Real);
    for (var i = 0; i < statics.length; i++) {
      var key = statics[i];
      if (key !== 'prototype' && key !== 'length' && key !== 'name') {
        defineProperty(facade, key, getOwnPropertyDescriptor(Real, key));
      }
    }
    defineProperty(facade, 'name', { value: name, configurable: true });
    defineProperty(facade, 'length', { value: 1, configurable: true });
    var shownPrototype = facadePrototype(Real.prototype, facade);
    defineProperty(facade, 'prototype', { value: shownPrototype });
    defineProperty(facade, hasInstanceKey, {
      value: function (v) {
        return v instanceof Real;
      }
    });
    defineHidden(Real.prototype, 'constructor', facade);
    defineHidden(G, name, facade);
    return shownPrototype;
  }

  installFacade('Array', RealArray, function Array() {
    return RealArray.apply(undefined, arguments);
  });
  installFacade('Function', RealFunction, function Function() {
    return RealFunction.apply(undefined, arguments);
  });
  var shownStringPrototype = installFacade('String', RealString, function String(value) {
    var constructing = this !== undefined && this !== null && getPrototypeOf(this) === shownStringPrototype;
    if (arguments.length === 0) return constructing ? new RealString() : '';
    return constructing ? new RealString(value) : RealString(value);
  });

  // ---- globals Espruino lacks (unless the board declares them in allowGlobals) --------------------------
  var hiddenGlobals = [
    'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy', 'Reflect',
    'BigInt', 'Promise',
    // also absent from Espruino 2v29, and present in this QuickJS
    'SharedArrayBuffer', 'BigInt64Array', 'BigUint64Array', 'Float16Array', 'AggregateError', 'Iterator'
  ];
  for (var h = 0; h < hiddenGlobals.length; h++) {
    if (config.allowGlobals.indexOf(hiddenGlobals[h]) < 0) delete G[hiddenGlobals[h]];
  }
});
