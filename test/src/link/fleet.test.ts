import { describe, expect, it } from 'vitest';
import { createMockBoard, type MockBoard } from '../../../hal/mock';
import { createLink, type Link } from '../../../src';
import { createCredentialStore } from '../../../src/provision/store/credential-store';
import { BOARD, PRODUCT_CONFIG } from './harness';
import { MQTT_HOST, PK, ScriptedCloud } from './scripted-cloud';

// 1,000 devices that lose the cloud together (it refuses connections for five minutes), on the virtual clock.
// With full jitter their retries, and their return when the cloud comes back, spread over the backoff window
// instead of arriving in synchronized waves (peers.md §4: reconnect storms).

const DEVICES = 1000;
const DOWN_MS = 5 * 60_000;
const STEP_MS = 250;

interface Unit {
  board: MockBoard;
  link: Link;
  onlineAt?: number;
  attempts: number[];
}

function macOf(i: number): string {
  const hex = (0x100000 + i).toString(16).padStart(6, '0');
  return `24:0a:c4:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function fleet(cloud: ScriptedCloud): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const board = createMockBoard({ seed: 1000 + i, mac: macOf(i) });
    board.recorder.keep = false;
    board.log.limit = 50;
    const dn = macOf(i).split(':').join('').toUpperCase();
    const secret = `s3cr3t${i}`.padEnd(32, 'x');
    createCredentialStore(board.hal, 'cred').save({ kind: 'deviceSecret', productKey: PK, deviceName: dn, deviceSecret: secret });
    cloud.devices.set(dn, { secret, active: true, issued: [secret], hadSession: false });
    board.net.refuse(`${MQTT_HOST}:8883`);
    const unit: Unit = { board, link: createLink(board.hal, BOARD, PRODUCT_CONFIG), attempts: [] };
    board.recorder.onCall = (call) => {
      if (call.kind === 'net.open') unit.attempts.push(call.at);
    };
    unit.link.on('online', () => {
      unit.onlineAt ??= board.clock.now();
    });
    unit.link.start();
    units.push(unit);
  }
  return units;
}

/** The largest number of events falling in one 1-second bucket. */
function peakPerSecond(times: number[]): number {
  const buckets = new Map<number, number>();
  for (const t of times) buckets.set(Math.floor(t / 1000), (buckets.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...buckets.values());
}

describe('link: a fleet reconnecting after an outage', () => {
  it('spreads 1,000 devices\' retries and returns over time instead of synchronizing them', () => {
    const cloud = new ScriptedCloud();
    const units = fleet(cloud);
    for (let t = 0; t < DOWN_MS; t += STEP_MS) for (const u of units) u.board.clock.advance(STEP_MS);
    for (const u of units) cloud.attach(u.board); // the cloud is back
    for (let t = 0; t < 3 * 60_000; t += STEP_MS) for (const u of units) u.board.clock.advance(STEP_MS);

    expect(units.filter((u) => u.onlineAt === undefined)).toHaveLength(0);
    const returns = units.map((u) => u.onlineAt! - DOWN_MS);
    // Spread: the returns cover tens of seconds, and no second sees more than 5% of the fleet.
    expect(Math.max(...returns) - Math.min(...returns)).toBeGreaterThan(20_000);
    expect(peakPerSecond(returns)).toBeLessThan(DEVICES * 0.05);
    // During the outage, after the first minute's ramp, no second sees more than 5% of the fleet retrying.
    const laterRetries = units.flatMap((u) => u.attempts.filter((a) => a >= 60_000 && a < DOWN_MS));
    expect(laterRetries.length).toBeGreaterThan(DEVICES);
    expect(peakPerSecond(laterRetries)).toBeLessThan(DEVICES * 0.05);
  }, 240_000);
});
