// The Espruino-profile engine: a firmware image in QuickJS (its own wasm module per profile) behind a
// prelude that makes it behave like Espruino 2v29, with a timer loop, console capture, memory readings,
// a host bridge, and guards that stop a program the way Espruino would (guard.ts).
import { newQuickJSWASMModule, RELEASE_SYNC } from 'quickjs-emscripten';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { HostBridge, type HostFunction } from './bridge';
import { ProfileError, type VmError } from './errors';
import { VmGuard } from './guard';
import { hardwareRandom, newPreludeHostObject } from './host-api';
import { MemoryMeter, readMemoryUsedBytes, type MemoryMark } from './memory';
import { preludeSources } from './prelude';
import { RealClock, TimerQueue, VirtualClock, type Clock } from './timers';

export interface ProfileOptions {
  /** process.env.BOARD; default 'ESP32'. */
  board?: string;
  /**
   * Limit on QuickJS `memory_used_size`, bytes. Enforced by the engine: buffers are charged as they are
   * allocated, everything else is checked at QuickJS's interrupt polls (~every 10k jumps/calls, so a tight
   * loop can overshoot by a few hundred KB) and after every entry. Exceeding it ends the program with
   * OutOfMemory. Also handed to runtime.setMemoryLimit, which in this wasm build is NOT a byte cap
   * (spec/toolchain.md §3).
   */
  memoryLimitBytes?: number;
  /**
   * runtime.setMaxStackSize, bytes; default 128 KB (≈740 plain recursive calls). Keep it well under
   * ~256 KB: deeper QuickJS recursion overflows the host's own stack first, which wrecks the wasm instance.
   */
  stackBytes?: number;
  /** Globals the prelude would hide but this board has, e.g. ['Promise']. */
  allowGlobals?: string[];
  /** virtual (default): time moves only in advance/runUntilIdle; real: wall-clock time. */
  clock?: 'virtual' | 'real';
  /** Seed for E.hwRand (deterministic sequence); default: the host's crypto RNG. */
  seed?: number;
  /** Each printed line, as it is printed. */
  onPrint?: (line: string) => void;
  /** Called when the program calls E.reboot(). */
  onReboot?: () => void;
  /** Longest one entry into the VM (eval, call, one timer callback) may run; default 5000 ms. */
  maxRunMs?: number;
}

export type EvalResult = { ok: true; value?: unknown } | { ok: false; error: VmError };

export interface ProfileMemory {
  /** memory_used_size now (the last reading, after an out-of-memory) */
  usedBytes: number;
  /** the largest reading at any sample point so far */
  peakBytes: number;
  marks: MemoryMark[];
}

const ESPRUINO_VERSION = '2v29';
const DEFAULT_MAX_RUN_MS = 5000;
const DEFAULT_STACK_BYTES = 128 * 1024;
const DEFAULT_IDLE_MAX_MS = 60_000;
/** process.memory().total when no limit is configured. */
const UNLIMITED_TOTAL_BYTES = 0x7fffffff;
/** Timer callbacks one pass may run at a single instant before giving up (timers re-arming with 0 ms). */
const MAX_CALLBACKS_AT_ONE_INSTANT = 1000;

export class EspruinoProfile {
  private readonly lines: string[] = [];
  private readonly uncaught: VmError[] = [];
  private readonly timers = new TimerQueue();
  private readonly meter: MemoryMeter;
  private readonly guard: VmGuard;
  private readonly clock: Clock;
  private readonly rand: () => number;
  private hooks?: QuickJSHandle;
  private fireFn?: QuickJSHandle;
  private bridge?: HostBridge;
  private disposed = false;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly vm: QuickJSContext,
    private readonly options: ProfileOptions,
  ) {
    this.meter = new MemoryMeter(() => readMemoryUsedBytes(runtime));
    this.guard = new VmGuard(runtime, vm, this.meter, {
      memoryLimitBytes: options.memoryLimitBytes,
      maxRunMs: options.maxRunMs ?? DEFAULT_MAX_RUN_MS,
      onUncaught: (error) => this.reportUncaught(error),
      onHalt: () => this.timers.clearAll(),
    });
    this.clock = options.clock === 'real' ? new RealClock() : new VirtualClock();
    this.rand = hardwareRandom(options.seed);
  }

  /** A fresh engine in its own wasm module, so a crash of one profile cannot touch another. */
  static async create(options: ProfileOptions = {}): Promise<EspruinoProfile> {
    const module = await newQuickJSWASMModule(RELEASE_SYNC);
    const runtime = module.newRuntime();
    runtime.setMaxStackSize(options.stackBytes ?? DEFAULT_STACK_BYTES);
    const profile = new EspruinoProfile(runtime, runtime.newContext(), options);
    try {
      profile.installPrelude();
    } catch (error) {
      profile.dispose();
      throw error;
    }
    profile.guard.install();
    profile.meter.sample();
    return profile;
  }

  /** Evaluates global code (an image, or a REPL line). */
  eval(code: string, filename = 'image.js'): EvalResult {
    this.assertAlive();
    const entry = this.guard.enter(`eval of ${filename}`, () => this.vm.evalCode(code, filename, { type: 'global' }));
    if (!entry.ok) return entry;
    return { ok: true, value: this.takeValue(entry.handle) };
  }

  /** Installs a host function at a dotted global path, e.g. '__host.storageRead'. */
  defineHostFunction(path: string, fn: HostFunction): void {
    this.assertAlive();
    this.bridge!.define(path, fn);
  }

  /** Calls a global function (dotted path) inside the VM; throws ProfileError if it throws. */
  call(globalFn: string, ...args: unknown[]): unknown {
    this.assertAlive();
    if (this.guard.halted) throw new ProfileError(this.guard.halted);
    const { fn, self } = this.lookupFunction(globalFn);
    const argHandles: QuickJSHandle[] = [];
    try {
      for (const arg of args) argHandles.push(this.bridge!.toVm(arg));
      const entry = this.guard.enter(globalFn, () => this.vm.callFunction(fn, self, argHandles));
      if (!entry.ok) throw new ProfileError(entry.error);
      return this.takeValue(entry.handle);
    } finally {
      for (const h of [...argHandles, fn, self]) h.dispose();
    }
  }

  /** Runs the timers due now (and pending promise jobs). */
  runTimers(): void {
    this.assertAlive();
    this.guard.runPendingJobs();
    this.runDue();
  }

  /** Virtual clock: moves time forward by `ms`, firing due timers in order at their due times. */
  advance(ms: number): void {
    this.assertAlive();
    const clock = this.virtualClock('advance()');
    this.runVirtual(clock, clock.now() + Math.max(0, ms), false);
  }

  /** Runs until no timer is pending, at most `maxMs` (virtual: jumps between due times; real: waits). */
  async runUntilIdle(opts: { maxMs?: number } = {}): Promise<void> {
    this.assertAlive();
    const maxMs = opts.maxMs ?? DEFAULT_IDLE_MAX_MS;
    if (this.clock instanceof VirtualClock) {
      this.runVirtual(this.clock, this.clock.now() + maxMs, true);
      return;
    }
    const stopAt = Date.now() + maxMs;
    this.runTimers();
    while (this.hasPendingTimers() && Date.now() < stopAt) {
      const wait = Math.max(0, (this.timers.nextDue() ?? 0) - this.clock.now());
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, stopAt - Date.now()))));
      if (this.disposed) return;
      this.runTimers();
    }
  }

  hasPendingTimers(): boolean {
    return !this.guard.halted && this.timers.size > 0;
  }

  /** Engine-clock milliseconds until the earliest pending timer is due (0 if overdue), or undefined. */
  msUntilNextTimer(): number | undefined {
    if (!this.hasPendingTimers()) return undefined;
    const due = this.timers.nextDue();
    return due === undefined ? undefined : Math.max(0, due - this.clock.now());
  }

  /** Lines printed so far: print, console.log, and "Uncaught …" for errors of timer callbacks and jobs. */
  output(): string[] {
    return [...this.lines];
  }

  /** Errors thrown by timer callbacks or promise jobs that nobody caught (Espruino prints them, goes on). */
  uncaughtErrors(): VmError[] {
    return [...this.uncaught];
  }

  /** Set once the program ran out of memory (or the wasm failed); the engine then runs nothing more. */
  fatalError(): VmError | undefined {
    return this.guard.halted;
  }

  /** Engine clock, ms since the profile started. */
  now(): number {
    return this.clock.now();
  }

  memory(): ProfileMemory {
    this.assertAlive();
    return { usedBytes: this.meter.sample(), peakBytes: this.meter.peakBytes, marks: this.meter.marks };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.bridge?.dispose();
      for (const h of [this.fireFn, this.hooks]) if (h?.alive) h.dispose();
      this.vm.dispose();
      this.runtime.dispose();
    } catch (error) {
      // After an allocator failure QuickJS may hold values it can no longer account for; the wasm module
      // goes away with this profile anyway, so only an engine that did not halt must dispose cleanly.
      if (!this.guard.halted) throw error;
    }
  }

  // ---- setup ----------------------------------------------------------------------------------------

  private installPrelude(): void {
    const vm = this.vm;
    const readString = (handle: QuickJSHandle): string => (this.bridge ? this.bridge.readString(handle) : vm.getString(handle));
    const host = newPreludeHostObject(vm, {
      print: (text) => this.print(text),
      now: () => this.clock.now(),
      memUsed: () => this.guard.sampleFromInside(),
      memRemaining: () => this.guard.remainingFromInside(UNLIMITED_TOTAL_BYTES),
      allocatorFailed: () => this.guard.flagAllocatorFailure(),
      mark: (name) => void this.meter.mark(name),
      hwRand: () => this.rand(),
      timerAdd: (delayMs, repeat) => this.timers.add(this.clock.now(), delayMs, repeat),
      timerClear: (id) => this.timers.clear(id),
      timerClearAll: () => this.timers.clearAll(),
      reboot: () => this.options.onReboot?.(),
    }, readString);
    const config = vm.newString(
      JSON.stringify({
        version: ESPRUINO_VERSION,
        board: this.options.board ?? 'ESP32',
        memoryTotal: this.options.memoryLimitBytes ?? UNLIMITED_TOTAL_BYTES,
        memoryLimited: this.options.memoryLimitBytes !== undefined,
        allowGlobals: this.options.allowGlobals ?? [],
      }),
    );
    this.hooks = vm.newObject();
    try {
      for (const { filename, code } of preludeSources()) {
        const part = vm.unwrapResult(vm.evalCode(code, filename, { type: 'global' }));
        try {
          vm.unwrapResult(vm.callFunction(part, vm.undefined, host, config, vm.global, this.hooks)).dispose();
        } finally {
          part.dispose();
        }
      }
    } finally {
      host.dispose();
      config.dispose();
    }
    this.fireFn = vm.getProp(this.hooks, 'fire');
    this.bridge = new HostBridge(vm, this.hooks);
  }

  // ---- timers ----------------------------------------------------------------------------------------

  /** Fires the timers due at the current time (at most a bounded number); returns how many fired. */
  private runDue(): number {
    const now = this.clock.now();
    let fired = 0;
    while (!this.guard.halted && fired < MAX_CALLBACKS_AT_ONE_INSTANT) {
      const due = this.timers.takeDue(now);
      if (!due) break;
      fired++;
      const id = this.vm.newNumber(due.id);
      const last = due.last ? this.vm.true : this.vm.false;
      const entry = this.guard.enter(`timer ${due.id}`, () => this.vm.callFunction(this.fireFn!, this.vm.undefined, id, last));
      id.dispose();
      if (entry.ok) entry.handle.dispose();
      else if (!this.guard.halted) this.reportUncaught(entry.error);
    }
    return fired;
  }

  private runVirtual(clock: VirtualClock, target: number, stopWhenIdle: boolean): void {
    this.guard.runPendingJobs();
    while (!this.guard.halted) {
      if (this.runDue() >= MAX_CALLBACKS_AT_ONE_INSTANT) {
        this.reportUncaught({
          name: 'Timeout',
          message: `more than ${MAX_CALLBACKS_AT_ONE_INSTANT} timer callbacks at ${clock.now()} ms: timers re-arm with no delay`,
        });
        return;
      }
      const next = this.timers.nextDue();
      if (next === undefined || next > target) break;
      clock.moveTo(next);
    }
    if (!stopWhenIdle || this.hasPendingTimers()) clock.moveTo(target);
  }

  private virtualClock(what: string): VirtualClock {
    if (!(this.clock instanceof VirtualClock)) throw new Error(`${what} needs clock: 'virtual'`);
    return this.clock;
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private print(text: string): void {
    for (const line of text.split('\n')) {
      this.lines.push(line);
      this.options.onPrint?.(line);
    }
  }

  private reportUncaught(error: VmError): void {
    this.uncaught.push(error);
    this.print(`Uncaught ${error.name}: ${error.message}`);
  }

  /** Converts and disposes a result handle; a value that cannot cross reads as undefined. */
  private takeValue(handle: QuickJSHandle): unknown {
    try {
      return this.guard.guarded(() => this.bridge!.fromVm(handle));
    } catch {
      return undefined;
    } finally {
      handle.dispose();
    }
  }

  private lookupFunction(path: string): { fn: QuickJSHandle; self: QuickJSHandle } {
    const vm = this.vm;
    let self: QuickJSHandle = vm.undefined;
    let current: QuickJSHandle = vm.global.dup();
    for (const name of path.split('.')) {
      const kind = vm.sameValue(current, vm.null) ? 'null' : vm.typeof(current);
      if (kind !== 'object' && kind !== 'function') {
        current.dispose();
        self.dispose();
        throw new Error(`${path} is not a function in the VM (${name} is read from a ${kind})`);
      }
      const next = vm.getProp(current, name);
      self.dispose();
      self = current;
      current = next;
    }
    if (vm.typeof(current) !== 'function') {
      current.dispose();
      self.dispose();
      throw new Error(`${path} is not a function in the VM`);
    }
    return { fn: current, self };
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('this EspruinoProfile has been disposed');
  }
}
