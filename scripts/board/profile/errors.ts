// Errors that come out of the profile: what the VM threw, and the two ways the engine stops a program.

/** An error as the host sees it. */
export interface VmError {
  name: string;
  message: string;
  stack?: string;
}

/** Thrown by host-side methods (e.g. `call`) when the program inside the VM failed. */
export class ProfileError extends Error {
  constructor(readonly vmError: VmError) {
    super(`${vmError.name}: ${vmError.message}`);
    this.name = 'ProfileError';
  }
}

/** Why the interrupt handler stopped the VM, if it did. */
export type InterruptReason = 'deadline' | 'memory' | 'allocator';

/** Turns whatever `vm.dump` produced for a thrown value into a VmError. */
export function describeThrown(dumped: unknown): VmError {
  if (dumped && typeof dumped === 'object') {
    const { name, message, stack } = dumped as Record<string, unknown>;
    if (typeof message === 'string') {
      return {
        name: typeof name === 'string' ? name : 'Error',
        message,
        ...(typeof stack === 'string' && stack !== '' ? { stack } : {}),
      };
    }
  }
  let text: string;
  try {
    text = typeof dumped === 'string' ? dumped : JSON.stringify(dumped);
  } catch {
    text = String(dumped);
  }
  return { name: 'Uncaught', message: text };
}

/** QuickJS's own allocator refused (catchable in QuickJS, fatal on Espruino). */
export function isAllocatorOutOfMemory(error: VmError): boolean {
  return error.name === 'InternalError' && error.message === 'out of memory';
}

/** The interrupt handler stopped execution (QuickJS reports it as an uncatchable InternalError). */
export function isInterrupted(error: VmError): boolean {
  return error.name === 'InternalError' && error.message === 'interrupted';
}

export function outOfMemory(detail: string): VmError {
  return { name: 'OutOfMemory', message: `out of memory: ${detail} (Espruino cannot catch this either)` };
}

export function deadlineExceeded(maxRunMs: number, where: string): VmError {
  return {
    name: 'Timeout',
    message: `${where} ran for more than ${maxRunMs} ms without returning and was interrupted (runaway loop?)`,
  };
}

/** The wasm engine itself failed (a host exception came out of it); it cannot be trusted afterwards. */
export function engineFailure(failure: unknown, where: string): VmError {
  const detail = failure instanceof Error ? failure.message : String(failure);
  return { name: 'EngineFailure', message: `the QuickJS engine failed in ${where}: ${detail}; this profile is halted` };
}
