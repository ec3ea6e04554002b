// require("net") and require("tls") (spec/espruino.md §1b; libs/network/jswrap_net.c, socketserver.c):
// connect(options, callback) returns a Socket at once and throws InternalError "Unable to locate host" /
// "Unable to create socket"; events ('connect', 'data', 'drain', 'error', 'end', 'close') come later from
// the host, one VM entry each. write(data) sends data.toString() (so binary data must be an 8-bit string)
// and returns false; 'data' is held until a 'data' listener exists. Listeners are Espruino-style: on,
// removeListener, removeAllListeners, emit.
(function (host, G, board) {
  'use strict';
  var RealInternalError = InternalError;
  var objectCreate = Object.create;
  var sockets = objectCreate(null);

  function Socket(id, tls) {
    this.id = id;
    this.tls = tls;
    this.listeners = objectCreate(null);
    this.held = '';
    this.gone = false;
  }

  Socket.prototype.on = function (event, listener) {
    var list = this.listeners[event] || (this.listeners[event] = []);
    list.push(listener);
    if (event === 'data' && this.held.length > 0) {
      var id = this.id;
      setTimeout(function () {
        board.netEvent(id, 'data', '');
      }, 0);
    }
    return this;
  };
  Socket.prototype.addListener = Socket.prototype.on;

  Socket.prototype.removeListener = function (event, listener) {
    var list = this.listeners[event];
    if (!list) return this;
    var index = list.indexOf(listener);
    if (index >= 0) list.splice(index, 1);
    return this;
  };

  Socket.prototype.removeAllListeners = function (event) {
    if (event === undefined) this.listeners = objectCreate(null);
    else delete this.listeners[event];
    return this;
  };

  Socket.prototype.emit = function (event) {
    var list = this.listeners[event];
    if (!list || list.length === 0) return false;
    var args = [].slice.call(arguments, 1);
    var copy = list.slice(0);
    for (var i = 0; i < copy.length; i++) {
      try {
        copy[i].apply(this, args);
      } catch (e) {
        board.reportUncaught(e);
      }
    }
    return true;
  };

  Socket.prototype.write = function (data) {
    if (!this.gone && data !== undefined) host.netWrite(this.id, String(data));
    return false;
  };

  Socket.prototype.end = function (data) {
    if (data !== undefined) this.write(data);
    if (!this.gone) host.netEnd(this.id);
  };

  Socket.prototype.available = function () {
    return this.listeners.data && this.listeners.data.length ? 0 : this.held.length;
  };

  Socket.prototype.read = function (chars) {
    var n = chars > 0 ? chars : this.held.length;
    var out = this.held.substring(0, n);
    this.held = this.held.substring(n);
    return out;
  };

  function parseOptions(options) {
    if (typeof options !== 'string') return options;
    var text = options.replace(/^[a-z]+:\/\//, '');
    var colon = text.indexOf(':');
    var slash = text.indexOf('/');
    var hostEnd = colon >= 0 ? colon : slash >= 0 ? slash : text.length;
    var port = colon >= 0 ? parseInt(text.substring(colon + 1), 10) : 0;
    return { host: text.substring(0, hostEnd), port: port > 0 ? port : 0 };
  }

  function connect(options, callback, tls) {
    var opts = parseOptions(options);
    if (opts === null || typeof opts !== 'object') throw new Error('Expecting Options to be an Object but it was ' + typeof opts);
    var ca = typeof opts.ca === 'function' ? opts.ca() : opts.ca;
    var request = {
      host: opts.host === undefined ? 'localhost' : String(opts.host),
      port: +opts.port || 0,
      tls: tls
    };
    if (tls && ca !== undefined) request.ca = typeof ca === 'string' ? ca : E.toString(ca);
    var result = host.netConnect(request);
    if (result.error !== undefined) throw new RealInternalError(result.error);
    var socket = new Socket(result.id, tls);
    if (typeof callback === 'function') socket.on('connect', callback);
    sockets[result.id] = socket;
    return socket;
  }

  // Called by the host, one event per VM entry.
  board.netEvent = function (id, type, payload) {
    var socket = sockets[id];
    if (!socket) return;
    if (type === 'data') {
      socket.held += payload;
      if (socket.listeners.data && socket.listeners.data.length && socket.held.length) {
        var data = socket.held;
        socket.held = '';
        socket.emit('data', data);
      }
      return;
    }
    if (type === 'close') {
      socket.gone = true;
      delete sockets[id];
    }
    if (type === 'connect') socket.emit('connect', socket);
    else socket.emit(type, payload);
  };

  board.modules.net = {
    connect: function (options, callback) {
      return connect(options, callback, false);
    }
  };
  board.modules.tls = {
    connect: function (options, callback) {
      return connect(options, callback, true);
    }
  };
});
