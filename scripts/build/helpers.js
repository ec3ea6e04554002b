// tsc-style downlevel helpers for device images, written for Espruino.
//
// tsc lowers device TypeScript to ES5 with `noEmitHelpers`, so it emits calls to __extends, __assign,
// __rest, __spreadArray and __makeTemplateObject without defining them. The bundler injects the ones an
// image uses from this file, inside the image's IIFE (nothing leaks to the global scope).
// Plain ES5 that Espruino runs: no Symbol, no Object.setPrototypeOf reliance, no prototype-method
// access through builtin constructors (instances only), no hoisting dependence.

export var __extends = function (derived, base) {
  if (typeof base !== 'function' && base !== null) {
    throw new TypeError('Class extends value ' + String(base) + ' is not a constructor or null');
  }
  for (var key in base) {
    if (key !== 'prototype' && Object.prototype.hasOwnProperty.call(base, key)) derived[key] = base[key];
  }
  var Bridge = function () {
    this.constructor = derived;
  };
  if (base === null) {
    derived.prototype = Object.create(null);
  } else {
    Bridge.prototype = base.prototype;
    derived.prototype = new Bridge();
  }
};

export var __assign = function (target) {
  for (var i = 1; i < arguments.length; i++) {
    var source = arguments[i];
    if (source === null || source === undefined) continue;
    for (var key in source) {
      if (Object.prototype.hasOwnProperty.call(source, key)) target[key] = source[key];
    }
  }
  return target;
};

export var __rest = function (source, excluded) {
  var result = {};
  for (var key in source) {
    if (Object.prototype.hasOwnProperty.call(source, key) && excluded.indexOf(key) < 0) result[key] = source[key];
  }
  return result;
};

// tsc always passes a fresh array literal (or a previous __spreadArray result) as `to`.
export var __spreadArray = function (to, from) {
  for (var i = 0; i < from.length; i++) to.push(from[i]);
  return to;
};

export var __makeTemplateObject = function (cooked, raw) {
  cooked.raw = raw;
  return cooked;
};
