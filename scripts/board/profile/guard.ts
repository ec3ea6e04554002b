// Every entry into the VM goes through here: a deadline, the memory limit, promise jobs afterwards, and
// turning what went wrong into a VmError. Out of memory and a failing wasm halt the engine for good.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import {
  deadlineExceeded,
  describeThrown,
  engineFailure,
  isAllocatorOutOfMemory,
  isInterrupted,
  outOfMemory,
  type InterruptReason,
  type VmError,
} from './errors';
import type { MemoryMeter } from './memory';

export type Entry = { ok: true; handle: QuickJSHandle } | { ok: false; error: VmError };

/** What a QuickJS call returns: a value handle, or an error handle. */
type VmCallResult = { error?: QuickJSHandle; value?: QuickJSHandle };

export interface GuardSettings {
  /** bytes of memory_used_size; undefined: no limit */
  memoryLimitBytes: number | undefined;
  /** longest one outermost entry may run */
  maxRunMs: number;
  /** an error thrown by a promise job, which nobody caught */
  onUncaught(error: VmError): void;
  /** the engine stopped for good (out of memory, failed wasm) */
  onHalt(error: VmError): void;
}

/** Promise-job rounds run after one entry, so a job that re-queues itself forever still ends. */
const MAX_JOB_ROUNDS = 1000;

export class VmGuard {
  private haltedWith?: VmError;
  private interrupt?: InterruptReason;
  private depth = 0;
  private deadline = Infinity;

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly vm: QuickJSContext,
    private readonly meter: MemoryMeter,
    private readonly settings: GuardSettings,
  ) {}

  /** Arms the interrupt handler and QuickJS's own (not byte-exact) allocation limit. */
  install(): void {
    this.runtime.setInterruptHandler(() => this.shouldInterrupt());
    this.applyNativeLimit();
  }

  get halted(): VmError | undefined {
    return this.haltedWith;
  }

  /** Runs `run` (the deadline armed for the outermost entry) and settles its result. */
  enter(where: string, run: () => VmCallResult): Entry {
    if (this.haltedWith) return { ok: false, error: this.haltedWith };
    let result: VmCallResult;
    try {
      result = this.guarded(run);
    } catch (failure) {
      // Not a JS exception: the wasm itself failed (e.g. the host stack overflowed inside it).
      this.halt(engineFailure(failure, where));
      return { ok: false, error: this.haltedWith! };
    }
    if (result.error) {
      const error = this.settleError(result.error, where);
      if (this.depth === 0) this.afterEntry();
      return { ok: false, error: this.haltedWith ?? error };
    }
    const handle = result.value!;
    if (this.depth === 0) this.afterEntry();
    if (this.haltedWith) {
      handle.dispose();
      return { ok: false, error: this.haltedWith };
    }
    return { ok: true, handle };
  }

  /** Runs host-side work that calls into the VM (e.g. converting a result) under the same deadline. */
  guarded<T>(run: () => T): T {
    if (this.depth === 0) {
      this.deadline = Date.now() + this.settings.maxRunMs;
      this.interrupt = undefined;
    }
    this.depth++;
    try {
      return run();
    } finally {
      this.depth--;
    }
  }

  /** A reading taken while VM code runs (process.memory, marks, buffers): over the limit, the program stops. */
  sampleFromInside(): number {
    const used = this.meter.sample();
    const limit = this.settings.memoryLimitBytes;
    if (limit !== undefined && used > limit && !this.interrupt) this.interrupt = 'memory';
    return used;
  }

  /** Bytes left under the limit (negative: over, and the program will be stopped). */
  remainingFromInside(unlimited: number): number {
    const used = this.sampleFromInside();
    return (this.settings.memoryLimitBytes ?? unlimited) - used;
  }

  /** The prelude saw QuickJS's allocator refuse: stop the program at the next poll. */
  flagAllocatorFailure(): void {
    this.interrupt = 'allocator';
  }

  /** Runs queued promise jobs; errors they throw are reported as uncaught. */
  runPendingJobs(): void {
    for (let round = 0; round < MAX_JOB_ROUNDS && !this.haltedWith && this.runtime.hasPendingJob(); round++) {
      let result: ReturnType<QuickJSRuntime['executePendingJobs']>;
      try {
        result = this.guarded(() => this.runtime.executePendingJobs());
      } catch (failure) {
        this.halt(engineFailure(failure, 'a promise job'));
        return;
      }
      if (result.error) {
        const error = this.settleError(result.error, 'a promise job');
        if (!this.haltedWith) this.settings.onUncaught(error);
      }
    }
  }

  private shouldInterrupt(): boolean {
    if (this.depth === 0) return false;
    if (this.interrupt) return true;
    if (Date.now() > this.deadline) {
      this.interrupt = 'deadline';
      return true;
    }
    // QuickJS polls about every 10k jumps/calls; under a limit each poll reads memory (O(heap), ~0.1 ms).
    if (this.settings.memoryLimitBytes !== undefined) this.sampleFromInside();
    return this.interrupt !== undefined;
  }

  private settleError(errorHandle: QuickJSHandle, where: string): VmError {
    this.runtime.setMemoryLimit(-1); // reading the error must not itself run out of memory
    let dumped: unknown;
    try {
      dumped = this.vm.dump(errorHandle);
    } finally {
      errorHandle.dispose();
    }
    const error = describeThrown(dumped);
    const interrupted = isInterrupted(error);
    if (interrupted && this.interrupt === 'memory') {
      const limit = this.settings.memoryLimitBytes;
      this.halt(outOfMemory(`${this.meter.lastBytes} bytes in use exceed the limit of ${limit} bytes`));
    } else if (isAllocatorOutOfMemory(error) || (interrupted && this.interrupt === 'allocator')) {
      this.halt(outOfMemory(`the QuickJS allocator refused an allocation in ${where}`));
    }
    if (this.haltedWith) return this.haltedWith;
    this.applyNativeLimit();
    if (interrupted && this.interrupt === 'deadline') return deadlineExceeded(this.settings.maxRunMs, where);
    return error;
  }

  /** After each outermost entry: promise jobs, then a memory reading against the limit. */
  private afterEntry(): void {
    if (this.haltedWith) return;
    this.runPendingJobs();
    if (this.haltedWith) return;
    const used = this.meter.sample();
    const limit = this.settings.memoryLimitBytes;
    if (limit !== undefined && used > limit) {
      this.halt(outOfMemory(`${used} bytes in use exceed the limit of ${limit} bytes`));
    }
  }

  private halt(error: VmError): void {
    if (this.haltedWith) return;
    this.haltedWith = error;
    this.meter.freeze();
    this.settings.onHalt(error);
  }

  private applyNativeLimit(): void {
    this.runtime.setMemoryLimit(this.settings.memoryLimitBytes ?? -1);
  }
}
