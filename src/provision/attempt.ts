// What starting a provisioning exchange returns: a handle to abort it, or the reason it could not start.

import type { ProvisionError } from './errors';

export interface ProvisionAttempt {
  /** Stops the exchange: closes its socket and cancels its deadline. Its callback will not fire. Idempotent. */
  abort(): void;
}

/** Inputs are checked before anything is opened: a refusal is returned, and the callback is never called. */
export type ProvisionStart = { ok: true; attempt: ProvisionAttempt } | { ok: false; error: ProvisionError };

export function startFailed(error: ProvisionError): ProvisionStart {
  return { ok: false, error: error };
}
