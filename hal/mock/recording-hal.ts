import type { Capabilities, Hal, HalError, Identity, LogSink, MemoryProbe, NativeHash, Socket } from '../types';
import type { VirtualClock } from './clock';
import type { MemoryKv } from './kv';
import type { ScriptedNet } from './net';
import type { CallRecorder } from './recorder';
import type { SeededRandom } from './random';

export interface HalParts {
  kv: MemoryKv;
  net: ScriptedNet;
  identity: Identity;
  clock: VirtualClock;
  random: SeededRandom;
  hash: NativeHash;
  log: LogSink;
  memory?: MemoryProbe;
  caps: Capabilities;
}

/**
 * The Hal the device sees: each call goes through the recorder first, which may turn it into that
 * kind's natural failure (see FAILABLE_KINDS), and then to the mock part that implements it.
 */
export function recordingHal(parts: HalParts, recorder: CallRecorder): Hal {
  const { kv, net, clock, random, identity, log, memory } = parts;
  const injected = (what: string): HalError => ({ code: 'WRITE_FAILED', message: `injected fault: ${what} failed` });

  const wrapSocket = (socket: Socket, host: string, port: number): Socket => ({
    write(bytes) {
      if (recorder.record('net.write', `${host}:${port} ${bytes.length} bytes`)) {
        const conn = net.connectionOf(socket);
        return conn ? conn.breakOnWrite() : { code: 'IO', message: 'injected fault: write failed' };
      }
      return socket.write(bytes);
    },
    close() {
      recorder.record('net.close', `${host}:${port}`);
      socket.close();
    },
  });

  const hash: NativeHash = {};
  for (const name of ['sha256', 'sha1', 'md5'] as const) {
    const fn = parts.hash[name];
    if (fn) {
      hash[name] = (data) => {
        recorder.record(`hash.${name}`, `${data.length} bytes`);
        return fn(data);
      };
    }
  }

  const hal: Hal = {
    kv: {
      get(key) {
        return recorder.record('kv.get', key) ? undefined : kv.get(key);
      },
      set(key, value) {
        return recorder.record('kv.set', `${key} (${value.length} chars)`) ? injected(`kv.set ${key}`) : kv.set(key, value);
      },
      remove(key) {
        return recorder.record('kv.remove', key) ? injected(`kv.remove ${key}`) : kv.remove(key);
      },
    },
    net: {
      open(options, handlers) {
        const where = `${options.tls ? 'tls' : 'tcp'} ${options.host}:${options.port}`;
        const socket = recorder.record('net.open', where)
          ? net.openFailing(options, handlers, { code: 'REFUSED', message: 'injected fault: connection refused' })
          : net.open(options, handlers);
        return wrapSocket(socket, options.host, options.port);
      },
    },
    identity: {
      mac() {
        recorder.record('identity.mac', '');
        return identity.mac();
      },
      serial() {
        recorder.record('identity.serial', '');
        return identity.serial();
      },
    },
    clock: {
      now() {
        recorder.record('clock.now', '');
        return clock.now();
      },
      wallTime() {
        recorder.record('clock.wallTime', '');
        return clock.wallTime();
      },
      setTimer(ms, fn) {
        recorder.record('clock.setTimer', `${ms} ms`);
        return clock.setTimer(ms, fn);
      },
      clearTimer(id) {
        recorder.record('clock.clearTimer', `#${id}`);
        clock.clearTimer(id);
      },
      ensureWallTimeAtLeast(ms) {
        recorder.record('clock.ensureWallTimeAtLeast', `${ms}`);
        clock.ensureWallTimeAtLeast(ms);
      },
    },
    random: {
      bytes(n) {
        const bytes = random.bytes(n);
        return recorder.record('random.bytes', `${n} bytes`) ? new Uint8Array(bytes.length) : bytes;
      },
    },
    hash,
    log: {
      write(level, tag, message) {
        recorder.record('log.write', `${level} ${tag}`);
        log.write(level, tag, message);
      },
    },
    caps: { ...parts.caps },
  };
  if (memory) {
    hal.memory = {
      read() {
        recorder.record('memory.read', '');
        return memory.read();
      },
    };
  }
  return hal;
}
