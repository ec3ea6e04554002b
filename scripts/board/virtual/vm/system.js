// The ESP32 around the modules: require(), getSerial() (§1c: "240ac400-2f90" from the eFuse MAC),
// require("Wifi") (§1c: getIP() → {ip, netmask, gw, mac}; setSNTP needs a string zone, §1e),
// require("crypto") (§1d: SHA1…SHA512 return ArrayBuffers), ESP32.getState() (§1c, §1b: freeHeap),
// Date.now() counting from 1970 at power-up until SNTP sets it, fractional (§1e), and the reset family
// (§1a, §2): load() / load(file) reboot into Storage code, reset() is a soft reset, E.reboot() a hard one,
// E.setBootCode(code, alwaysRun) writes .bootcde (.bootrst), E.on('init') and onInit() run after boot code.
(function (host, G, board) {
  'use strict';
  var RealError = Error;
  var objectCreate = Object.create;
  var RealDate = Date;

  function defineHidden(target, key, value) {
    Object.defineProperty(target, key, { value: value, writable: true, enumerable: false, configurable: true });
  }

  function toHashInput(data) {
    return typeof data === 'string' ? data : E.toString(data);
  }

  function hasher(algorithm) {
    return function (data) {
      return host.hash(algorithm, toHashInput(data)).buffer;
    };
  }

  board.modules.crypto = {
    SHA1: hasher('sha1'),
    SHA224: hasher('sha224'),
    SHA256: hasher('sha256'),
    SHA384: hasher('sha384'),
    SHA512: hasher('sha512')
  };

  board.modules.Wifi = {
    getIP: function (callback) {
      var ip = host.wifiGetIP();
      if (typeof callback === 'function') setTimeout(function () { callback(null, ip); }, 0);
      return ip;
    },
    getStatus: function () {
      return host.wifiGetStatus();
    },
    setSNTP: function (server, zone) {
      if (typeof zone !== 'string') throw new RealError('Zone is not a string');
      host.sntp(String(server), zone);
    },
    setHostname: function () {},
    save: function () {}
  };

  defineHidden(G, 'require', function require(name) {
    var module = board.modules[name];
    if (module === undefined) throw new RealError('Module ' + name + ' not found');
    return module;
  });

  defineHidden(G, 'getSerial', function getSerial() {
    return host.serial();
  });

  // §1b "Check process.env.MODULES for tls on the device"; #1613 shows process.env.SERIAL.
  process.env.SERIAL = host.serial();
  process.env.MODULES = 'Storage,net,tls,crypto,Wifi';

  defineHidden(G, 'ESP32', {
    getState: function () {
      return host.espState();
    },
    reboot: function () {
      host.requestReset('power-on');
    }
  });

  defineHidden(RealDate, 'now', function now() {
    return host.wallNow();
  });

  // ---- the reset family --------------------------------------------------------------------------
  defineHidden(G, 'load', function load(file) {
    host.requestReset('load', file === undefined ? undefined : String(file));
  });
  defineHidden(G, 'reset', function reset() {
    host.requestReset('reset');
  });
  defineHidden(G, 'save', function save() {
    throw new RealError('save() (a RAM image in .varimg) is not emulated by the virtual ESP32: use E.setBootCode or Storage .bootcde');
  });

  var Storage = board.modules.Storage;
  E.setBootCode = function setBootCode(code, alwaysRun) {
    Storage.erase('.bootcde');
    Storage.erase('.bootrst');
    if (code === undefined || String(code).length === 0) return;
    Storage.write(alwaysRun ? '.bootrst' : '.bootcde', String(code));
  };

  var listeners = objectCreate(null);
  E.on = function on(event, listener) {
    (listeners[event] || (listeners[event] = [])).push(listener);
    return E;
  };
  E.removeAllListeners = function removeAllListeners(event) {
    if (event === undefined) listeners = objectCreate(null);
    else delete listeners[event];
  };
  E.emit = function emit(event) {
    var list = listeners[event];
    if (!list) return false;
    var args = [].slice.call(arguments, 1);
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].apply(E, args);
      } catch (e) {
        board.reportUncaught(e);
      }
    }
    return true;
  };

  board.reportUncaught = function (e) {
    var name = e && e.name ? e.name : 'Error';
    var message = e && e.message !== undefined ? e.message : String(e);
    print('Uncaught ' + name + ': ' + message);
  };

  // After the boot code: E.on('init') listeners, then a global onInit().
  board.init = function () {
    E.emit('init');
    if (typeof G.onInit === 'function') {
      try {
        G.onInit();
      } catch (e) {
        board.reportUncaught(e);
      }
    }
  };
});
