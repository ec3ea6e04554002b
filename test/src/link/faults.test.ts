import { describe, expect, it } from 'vitest';
import { createMockBoard, type MockBoard } from '../../../hal/mock';
import type { LinkState } from '../../../src';
import { createCredentialStore } from '../../../src/provision/store/credential-store';
import { boot, MOCK_DEVICE_NAME, runUntil, type Device } from './harness';
import { ScriptedCloud } from './scripted-cloud';

// Fault injection over a good first boot (peers.md §3: fail the k-th dependency call for every k; power cut at
// every step). The guarantees: no exception escapes, the machine ends in a defined state, and a stored secret
// is never lost or replaced.

const SETTLED = (s: LinkState) => s === 'ONLINE' || s === 'HALTED';

/** The secret the device's flash holds, or undefined. */
function storedSecret(board: MockBoard): string | undefined {
  const loaded = createCredentialStore(board.hal, 'cred').load();
  return loaded.status === 'OK' && loaded.credential.kind === 'deviceSecret' ? loaded.credential.deviceSecret : undefined;
}

function internalErrors(d: Device): string[] {
  return d.board.log.lines.filter((l) => l.message.startsWith('internal error')).map((l) => l.message);
}

/** A good first boot, for the number of calls it makes. */
function reference(): { failable: number; total: number } {
  const d = boot(new ScriptedCloud());
  runUntil(d, 'ONLINE');
  return { failable: d.board.recorder.countFailable(), total: d.board.recorder.made };
}

describe('link under injected faults', () => {
  const ref = reference();

  it('a good first boot makes enough failable HAL calls for the sweep to mean something', () => {
    expect(ref.failable).toBeGreaterThanOrEqual(10);
  });

  it('failing the k-th failable HAL call, for every k, ends online with the cloud\'s secret stored and nothing thrown', () => {
    const halted: string[] = [];
    for (let k = 1; k <= ref.failable; k++) {
      const cloud = new ScriptedCloud();
      const board = createMockBoard({ seed: 1 });
      board.failNthCall(k);
      const d = boot(cloud, { existing: board });
      runUntil(d, SETTLED, 30 * 60_000);
      board.recorder.clearFaults(); // a fault the run did not reach must not hit the checks below
      expect(board.recorder.failures(), `k=${k}: the fault was injected`).toHaveLength(1);
      expect(internalErrors(d), `k=${k}`).toEqual([]);
      if (d.link.state() === 'HALTED') halted.push(`k=${k}: ${d.link.lastError()?.code}`);
      else {
        expect(d.link.state(), `k=${k}`).toBe('ONLINE');
        // The secret in flash is the one the cloud holds as valid (never an older, replaced one).
        expect(storedSecret(board), `k=${k}`).toBe(cloud.devices.get(MOCK_DEVICE_NAME)!.secret);
      }
      // Whatever happened, a reboot on the same flash comes online without registering again.
      const before = cloud.registrations;
      board.reboot();
      const again = boot(cloud, { existing: board });
      expect(runUntil(again, 'ONLINE', 30 * 60_000), `k=${k} after reboot`).toBe(true);
      expect(cloud.registrations, `k=${k} registered again`).toBe(before);
    }
    expect(halted).toEqual([]);
  });

  it('a stored secret is never replaced: faults on a later boot leave it as it was', () => {
    const cloud = new ScriptedCloud();
    const first = boot(cloud);
    runUntil(first, 'ONLINE');
    const secret = storedSecret(first.board)!;
    const flash = first.board.kv.snapshot();
    const probe = boot(cloud, { flash });
    runUntil(probe, 'ONLINE');
    const failable = probe.board.recorder.countFailable();
    let injected = 0;
    for (let k = 1; k <= failable; k++) {
      const board = createMockBoard({ seed: k, flash });
      board.failNthCall(k);
      const d = boot(cloud, { existing: board });
      runUntil(d, SETTLED, 30 * 60_000);
      injected += board.recorder.failures().length;
      board.recorder.clearFaults();
      expect(d.link.state(), `k=${k}`).toBe('ONLINE');
      expect(storedSecret(board), `k=${k}`).toBe(secret);
    }
    expect(injected).toBe(failable);
    expect(cloud.registrations).toBe(1);
  });
});

describe('link under power cuts during the first boot', () => {
  const ref = reference();

  /** Boots, cuts power right before HAL call number k, reboots on the same flash, and boots again. */
  function cutAt(k: number, cloud: ScriptedCloud): Device {
    const board = createMockBoard({ seed: 1 });
    board.recorder.onCall = (call) => {
      if (call.seq === k) board.cutPower();
    };
    const d = boot(cloud, { existing: board });
    runUntil(d, (s) => s === 'ONLINE' || !board.powered, 30 * 60_000);
    board.recorder.onCall = undefined;
    expect(internalErrors(d), `cut at ${k}`).toEqual([]);
    board.reboot();
    const after = boot(cloud, { existing: board });
    runUntil(after, SETTLED, 30 * 60_000);
    return after;
  }

  it('a cut before any HAL call of the first boot, then a reboot, always ends online (re-registration before activation is allowed)', () => {
    for (let k = 1; k <= ref.total; k++) {
      const cloud = new ScriptedCloud();
      const after = cutAt(k, cloud);
      expect(after.link.state(), `cut at call ${k}`).toBe('ONLINE');
      expect(storedSecret(after.board), `cut at call ${k}`).toBe(cloud.devices.get(MOCK_DEVICE_NAME)!.secret);
    }
  });

  it('a cut after any byte of the credential write, then a reboot, ends online with the secret the cloud holds', () => {
    const probe = boot(new ScriptedCloud());
    runUntil(probe, 'ONLINE');
    const write = probe.board.recorder.calls.find((c) => c.kind === 'kv.set')!;
    const length = Number(/\((\d+) chars\)/.exec(write.detail)![1]);
    for (let n = 0; n < length; n++) {
      const cloud = new ScriptedCloud();
      const board = createMockBoard({ seed: 1 });
      board.kv.cutPowerAfterBytes(n);
      const d = boot(cloud, { existing: board });
      runUntil(d, (s) => s === 'ONLINE' || !board.powered, 60_000);
      expect(board.powered, `torn at byte ${n}`).toBe(false);
      board.reboot();
      const after = boot(cloud, { existing: board });
      expect(runUntil(after, 'ONLINE', 30 * 60_000), `torn at byte ${n}`).toBe(true);
      expect(storedSecret(board)).toBe(cloud.devices.get(MOCK_DEVICE_NAME)!.secret);
    }
  });

  it('under the stricter rule (any second registration refused), only a cut between the cloud issuing the secret and the store committing it halts', () => {
    // Find the window on a good boot: the call count when the cloud issued, and the call that commits the write.
    const probeCloud = new ScriptedCloud({ strictRegistration: true });
    const probeBoard = createMockBoard({ seed: 1 });
    let issuedAfter = 0;
    probeCloud.onIssued = () => {
      issuedAfter = probeBoard.recorder.made;
    };
    const probe = boot(probeCloud, { existing: probeBoard });
    runUntil(probe, 'ONLINE');
    const commit = probeBoard.recorder.calls.find((c) => c.kind === 'kv.set')!.seq;
    expect(issuedAfter).toBeGreaterThan(0);
    expect(commit).toBeGreaterThan(issuedAfter);

    const haltedAt: number[] = [];
    for (let k = 1; k <= ref.total; k++) {
      const after = cutAt(k, new ScriptedCloud({ strictRegistration: true }));
      const inWindow = k > issuedAfter && k <= commit;
      if (after.link.state() === 'HALTED') {
        haltedAt.push(k);
        expect(after.link.lastError()!.code).toBe('ALREADY_ACTIVE');
      } else {
        expect(after.link.state(), `cut at call ${k}`).toBe('ONLINE');
      }
      expect(after.link.state() === 'HALTED', `cut at call ${k} (window ${issuedAfter + 1}..${commit})`).toBe(inWindow);
    }
    // The window is named and small: the calls between the reply leaving the cloud and the flash write.
    expect(haltedAt).toEqual(Array.from({ length: commit - issuedAfter }, (_, i) => issuedAfter + 1 + i));
  });
});
