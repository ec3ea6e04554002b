/** Every kind of HAL call the mock board records, named interface.method. */
export type CallKind =
  | 'kv.get'
  | 'kv.set'
  | 'kv.remove'
  | 'net.open'
  | 'net.write'
  | 'net.close'
  | 'identity.mac'
  | 'identity.serial'
  | 'clock.now'
  | 'clock.wallTime'
  | 'clock.setTimer'
  | 'clock.clearTimer'
  | 'clock.ensureWallTimeAtLeast'
  | 'random.bytes'
  | 'hash.sha256'
  | 'hash.sha1'
  | 'hash.md5'
  | 'log.write'
  | 'memory.read';

/**
 * The kinds that can be made to fail, and how (their natural failure):
 * - kv.get: returns undefined (an unreadable record looks absent, as on Espruino);
 * - kv.set, kv.remove: WRITE_FAILED, the store untouched;
 * - net.open: the socket never connects; onClose(REFUSED) arrives later;
 * - net.write: returns IO and the link breaks: onClose(IO) arrives later;
 * - random.bytes: the contract has no failure for it, so a fault models a stuck generator: n zero bytes.
 *   src/ cannot detect that, but it must stay correct (if less random) with it.
 * The others (clock, identity, hashes, log, memory, net.close) have no failure in the contract and are
 * only recorded.
 */
export const FAILABLE_KINDS: readonly CallKind[] = ['kv.get', 'kv.set', 'kv.remove', 'net.open', 'net.write', 'random.bytes'];

export interface RecordedCall {
  /** 1-based position among all recorded calls. */
  seq: number;
  kind: CallKind;
  /** A short summary of the arguments (key names and lengths, never values). */
  detail: string;
  /** clock.now() when the call was made. */
  at: number;
  /** Whether an injected fault made this call fail. */
  failed: boolean;
}

interface Plan {
  kinds: readonly CallKind[];
  /** Matching failable calls still to go before the one that fails. */
  remaining: number;
}

/** Records HAL calls and decides which ones an injected fault makes fail. */
export class CallRecorder {
  readonly calls: RecordedCall[] = [];
  /** Keep every call in `calls` (default); false for long runs, where only the count and the hook matter. */
  keep = true;
  /** Called before the call takes effect (e.g. to cut power right before the k-th call of a scenario). */
  onCall: ((call: RecordedCall) => void) | undefined;
  private total = 0;
  private plans: Plan[] = [];

  constructor(private readonly now: () => number) {}

  /** Records a call; true when it must fail. Only failable kinds ever fail. */
  record(kind: CallKind, detail: string): boolean {
    let fail = false;
    if (FAILABLE_KINDS.includes(kind)) {
      for (const plan of this.plans) {
        if (!plan.kinds.includes(kind)) continue;
        plan.remaining--;
        if (plan.remaining === 0) fail = true;
      }
      this.plans = this.plans.filter((p) => p.remaining > 0);
    }
    const call = { seq: ++this.total, kind, detail, at: this.now(), failed: fail };
    if (this.keep) this.calls.push(call);
    if (this.onCall) this.onCall(call);
    return fail;
  }

  /**
   * Makes the n-th failable call from now (n ≥ 1) fail in its natural way. With kind (or kinds), counts
   * only calls of that kind. Without, counts every failable call, so "for k = 1..K: failNth(k)" fails each
   * failable call of a scenario in turn.
   */
  failNth(n: number, kind?: CallKind | readonly CallKind[]): void {
    const kinds = kind === undefined ? FAILABLE_KINDS : typeof kind === 'string' ? [kind] : kind;
    for (const k of kinds) {
      if (!FAILABLE_KINDS.includes(k)) throw new Error(`${k} has no failure in the HAL contract; see FAILABLE_KINDS`);
    }
    this.plans.push({ kinds, remaining: Math.max(1, Math.floor(n)) });
  }

  /** Cancels pending failNth plans. */
  clearFaults(): void {
    this.plans = [];
  }

  /** Calls recorded, of one kind or all. */
  count(kind?: CallKind): number {
    return kind === undefined ? this.calls.length : this.calls.filter((c) => c.kind === kind).length;
  }

  /** Failable calls recorded, optionally of the given kinds: the K for a "fail the k-th call" loop. */
  countFailable(kind?: CallKind | readonly CallKind[]): number {
    const kinds = kind === undefined ? FAILABLE_KINDS : typeof kind === 'string' ? [kind] : kind;
    return this.calls.filter((c) => FAILABLE_KINDS.includes(c.kind) && kinds.includes(c.kind)).length;
  }

  /** The calls that an injected fault made fail. */
  failures(): RecordedCall[] {
    return this.calls.filter((c) => c.failed);
  }

  /** Forgets the recorded calls (fault plans stay; numbering goes on). */
  clear(): void {
    this.calls.length = 0;
  }

  /** How many calls were made in all, kept or not. */
  get made(): number {
    return this.total;
  }
}
