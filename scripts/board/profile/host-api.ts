// The native functions the prelude closes over (never visible as globals). Only primitives cross here.
import { randomBytes } from 'node:crypto';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

export interface PreludeHost {
  print(text: string): void;
  /** Engine clock, milliseconds since the profile started. */
  now(): number;
  /** Memory in use now, bytes. */
  memUsed(): number;
  /** Bytes left under the limit (negative: over it, and the engine will stop the program). */
  memRemaining(): number;
  /** QuickJS's allocator refused; the engine will stop the program. */
  allocatorFailed(): void;
  mark(name: string): void;
  /** A 32-bit integer (signed, as Espruino's JsVarInt holds it). */
  hwRand(): number;
  timerAdd(delayMs: number, repeat: boolean): number;
  timerClear(id: number): boolean;
  timerClearAll(): void;
  reboot(): void;
}

/**
 * Builds the `host` object handed to the prelude functions; the caller disposes the handle.
 * `readString` reads a VM string whole (NULs included; see HostBridge.readString).
 */
export function newPreludeHostObject(
  vm: QuickJSContext,
  host: PreludeHost,
  readString: (handle: QuickJSHandle) => string,
): QuickJSHandle {
  const obj = vm.newObject();
  const add = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined): void => {
    const handle = vm.newFunction(name, fn);
    vm.setProp(obj, name, handle);
    handle.dispose();
  };
  const num = (n: number): QuickJSHandle => vm.newNumber(n);
  add('print', (text) => {
    host.print(readString(text!));
    return undefined;
  });
  add('now', () => num(host.now()));
  add('memUsed', () => num(host.memUsed()));
  add('memRemaining', () => num(host.memRemaining()));
  add('allocatorFailed', () => {
    host.allocatorFailed();
    return undefined;
  });
  add('mark', (name) => {
    host.mark(readString(name!));
    return undefined;
  });
  add('hwRand', () => num(host.hwRand()));
  add('timerAdd', (delay, repeat) => num(host.timerAdd(vm.getNumber(delay!), vm.dump(repeat!) === true)));
  add('timerClear', (id) => (host.timerClear(vm.getNumber(id!)) ? vm.true : vm.false));
  add('timerClearAll', () => {
    host.timerClearAll();
    return undefined;
  });
  add('reboot', () => {
    host.reboot();
    return undefined;
  });
  return obj;
}

/**
 * Source of E.hwRand. With a seed: a deterministic xorshift32 sequence (for tests); without: the host's
 * cryptographic RNG, like the ESP32's hardware RNG.
 */
export function hardwareRandom(seed?: number): () => number {
  if (seed === undefined) return () => randomBytes(4).readInt32LE(0);
  let state = seed >>> 0 || 0x9e3779b9; // xorshift must not start at zero
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state | 0;
  };
}
