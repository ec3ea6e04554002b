// The board-in-the-loop seed story on the virtual ESP32 running the real esp32 image, against a local cloud in
// this process — the same runner and scenarios `aliot bitl --port` runs on a real board.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBitl, toJUnit, type BitlReport } from '../../../scripts/board/bitl/runner';
import { junitXml } from '../../../scripts/board/bitl/junit';
import { runBitlCommand } from '../../../scripts/board/bitl/run';
import { SEED_STORY } from '../../../scripts/board/bitl/scenarios';
import { esp32Image, ESP32_IMAGE } from './image';

let image: string;
beforeAll(async () => {
  image = await esp32Image();
}, 120_000);

describe('aliot bitl on the virtual ESP32 (seed story)', () => {
  let report: BitlReport;

  it('passes every phase: upload, provision, first boot registers, reboot reuses, lost secret → 6289 halt, ResetThing → registers again', async () => {
    const lines: string[] = [];
    report = await runBitl({ target: { kind: 'virtual' }, image, deviceNameFormat: 'mac-upper', log: (l) => lines.push(l) });
    const phases = report.scenarios[0]!.phases;
    expect(phases.map((p) => [p.name, p.status, p.message])).toEqual(SEED_STORY.phases.map((p) => [p.name, 'passed', undefined]));
    expect(report.passed).toBe(true);
    expect(lines).toHaveLength(SEED_STORY.phases.length);
    const halt = phases[4]!;
    expect(halt.notes.join()).toMatch(/aliot: halted ALREADY_ACTIVE: device is already active \(6289\): reset it in the console \(ResetThing\)/);
    // Time and memory per phase: the firmware's own reading and the engine's peak.
    const firstBoot = phases[2]!;
    expect(firstBoot.durationMs).toBeGreaterThan(0);
    expect(firstBoot.memory.firmware).toMatchObject({ phase: 'online', unit: 'bytes' });
    expect(firstBoot.memory.engine!.peakBytes).toBeGreaterThan(firstBoot.memory.firmware!.used / 2);
    expect(firstBoot.console).toContain('aliot: online');
  });

  it('reports as JUnit XML: one suite, six passing test cases, console and memory in system-out, no secret anywhere', () => {
    const xml = junitXml(toJUnit(report));
    expect(xml).toMatch(/<testsuites name="aliot bitl" tests="6" failures="0" errors="0" skipped="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml).toContain('classname="bitl.seed-story"');
    expect(xml).toMatch(/memory: firmware online: used \d+ bytes, engine peak \d+ bytes/);
    // Long runs of letters and digits (DeviceSecrets, tokens) are masked in the report.
    const body = xml.replace(/<testsuite [^>]*>|<property [^>]*>/g, '');
    expect(body).not.toMatch(/[A-Za-z0-9]{32,}/);
  });

  it('aliot bitl --virtual --junit FILE writes the XML and says PASSED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-bitl-cli-'));
    try {
      let out = '';
      const file = join(dir, 'reports', 'bitl.xml');
      const result = await runBitlCommand({ virtual: true, image: ESP32_IMAGE, junit: file }, (t) => (out += t));
      expect(result.passed).toBe(true);
      expect(out).toMatch(/PASSED: 6\/6 phases on virtual board bitl/);
      expect(readFileSync(file, 'utf8')).toMatch(/tests="6" failures="0"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
