// Values across the host ⇄ VM boundary, and host functions installed at a global path.
// What crosses: undefined, null, booleans, numbers, strings, Uint8Array/ArrayBuffer (copied), and
// JSON-like objects and arrays (which may hold Uint8Arrays). Functions do not cross.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

const BYTES_TAG = '__aliotBytes__'; // must match prelude/bridge.js

export type HostFunction = (...args: unknown[]) => unknown;

export class HostBridge {
  private readonly encode: QuickJSHandle;
  private readonly decode: QuickJSHandle;
  private readonly bytes: QuickJSHandle;

  /** `hooks` is the prelude's hooks object; the bridge keeps its own handles to three of its functions. */
  constructor(
    private readonly vm: QuickJSContext,
    hooks: QuickJSHandle,
  ) {
    this.encode = vm.getProp(hooks, 'encode');
    this.decode = vm.getProp(hooks, 'decode');
    this.bytes = vm.getProp(hooks, 'bytes');
  }

  /** A new handle for a host value; the caller disposes it. */
  toVm(value: unknown): QuickJSHandle {
    const vm = this.vm;
    if (value === undefined) return vm.undefined;
    if (value === null) return vm.null;
    if (typeof value === 'boolean') return value ? vm.true : vm.false;
    if (typeof value === 'number') return vm.newNumber(value);
    if (typeof value === 'string') return this.newString(value);
    if (value instanceof ArrayBuffer) return vm.newArrayBuffer(value.slice(0));
    if (value instanceof Uint8Array) {
      const buffer = vm.newArrayBuffer(copyBytes(value).buffer as ArrayBuffer);
      try {
        return this.callHelper(this.bytes, buffer);
      } finally {
        buffer.dispose();
      }
    }
    if (typeof value === 'object') {
      const json = vm.newString(JSON.stringify(value, tagBytes));
      try {
        return this.callHelper(this.decode, json);
      } finally {
        json.dispose();
      }
    }
    throw new TypeError(`a ${typeof value} cannot cross into the VM (only JSON-like values and Uint8Array)`);
  }

  /** The host value of a VM handle (the handle stays the caller's). Functions and symbols read as undefined. */
  fromVm(handle: QuickJSHandle): unknown {
    const vm = this.vm;
    switch (vm.typeof(handle)) {
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      case 'number':
        return vm.getNumber(handle);
      case 'string':
        return this.readString(handle);
      case 'boolean':
        return vm.dump(handle) as boolean;
      default:
        break;
    }
    const encoded = this.callHelper(this.encode, handle);
    try {
      const kind = vm.typeof(encoded);
      if (kind === 'string') return JSON.parse(vm.getString(encoded), reviveBytes);
      if (kind === 'undefined') return undefined;
      const view = vm.getArrayBuffer(encoded);
      try {
        return copyBytes(view.value);
      } finally {
        view.dispose();
      }
    } finally {
      encoded.dispose();
    }
  }

  /**
   * A VM string as a host string. quickjs-emscripten passes strings as C strings, which end at the first
   * NUL; Espruino strings are 8-bit binary data and often hold NULs, so a cut-short read goes through JSON.
   */
  readString(handle: QuickJSHandle): string {
    const text = this.vm.getString(handle);
    const lengthHandle = this.vm.getProp(handle, 'length');
    const length = this.vm.getNumber(lengthHandle);
    lengthHandle.dispose();
    if (text.length === length) return text;
    const encoded = this.callHelper(this.encode, handle);
    try {
      return JSON.parse(this.vm.getString(encoded)) as string;
    } finally {
      encoded.dispose();
    }
  }

  /** A host string as a new VM handle, NULs included (see readString). */
  newString(text: string): QuickJSHandle {
    if (!text.includes('\0')) return this.vm.newString(text);
    const json = this.vm.newString(JSON.stringify(text));
    try {
      return this.callHelper(this.decode, json);
    } finally {
      json.dispose();
    }
  }

  /** Installs `fn` at a dotted global path (e.g. '__host.storageRead'), creating the objects on the way. */
  define(path: string, fn: HostFunction): void {
    const vm = this.vm;
    const names = path.split('.');
    const leaf = names.pop();
    if (!leaf || names.some((n) => n === '')) throw new Error(`bad host function path "${path}"`);
    let parent: QuickJSHandle = vm.global.dup();
    try {
      for (const name of names) {
        let child = vm.getProp(parent, name);
        if (vm.typeof(child) === 'undefined') {
          child.dispose();
          child = vm.newObject();
          vm.setProp(parent, name, child);
        }
        parent.dispose();
        parent = child;
      }
      const fnHandle = vm.newFunction(leaf, (...argHandles) => {
        const args = argHandles.map((h) => this.fromVm(h));
        return this.toVm(fn(...args));
      });
      vm.setProp(parent, leaf, fnHandle);
      fnHandle.dispose();
    } finally {
      parent.dispose();
    }
  }

  dispose(): void {
    for (const h of [this.encode, this.decode, this.bytes]) if (h.alive) h.dispose();
  }

  private callHelper(helper: QuickJSHandle, arg: QuickJSHandle): QuickJSHandle {
    const result = this.vm.callFunction(helper, this.vm.undefined, arg);
    if (result.error) {
      const detail = this.vm.dump(result.error) as { message?: string };
      result.error.dispose();
      throw new Error(`host bridge could not convert a value: ${detail?.message ?? String(detail)}`);
    }
    return result.value;
  }
}

function copyBytes(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

function tagBytes(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: Array.from(value) };
  return value;
}

function reviveBytes(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && Array.isArray((value as Record<string, unknown>)[BYTES_TAG])) {
    return Uint8Array.from((value as Record<string, number[]>)[BYTES_TAG] as number[]);
  }
  return value;
}
