// The JUnit writer, the milestone vocabulary, and what the runner reports when a phase fails.
import { describe, expect, it } from 'vitest';
import { junitXml, xmlEscape } from '../../../scripts/board/bitl/junit';
import { milestone, parseMilestone } from '../../../scripts/board/bitl/milestones';
import { runBitl, toJUnit } from '../../../scripts/board/bitl/runner';
import type { Scenario } from '../../../scripts/board/bitl/scenarios';

describe('JUnit XML', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(xmlEscape(`a<b>&"c'\x00\x07d\ttab`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\ttab');
  });

  it('counts failures and skips per suite and overall, with messages and output', () => {
    const xml = junitXml([
      {
        name: 'suite <1>',
        timestamp: new Date('2025-01-02T03:04:05.678Z'),
        timeSeconds: 1.5,
        properties: { target: '/dev/ttyUSB0' },
        cases: [
          { name: 'ok', classname: 'bitl.x', timeSeconds: 0.25, status: 'passed' },
          { name: 'bad', classname: 'bitl.x', timeSeconds: 1, status: 'failed', message: 'no "aliot: online"', details: 'line1\nline2', output: 'console' },
          { name: 'later', classname: 'bitl.x', timeSeconds: 0, status: 'skipped', message: 'an earlier phase failed' },
        ],
      },
    ]);
    expect(xml).toContain('<testsuites name="aliot bitl" tests="3" failures="1" errors="0" skipped="1" time="1.500">');
    expect(xml).toContain('<testsuite name="suite &lt;1&gt;" tests="3" failures="1" errors="0" skipped="1" time="1.500" timestamp="2025-01-02T03:04:05">');
    expect(xml).toContain('<property name="target" value="/dev/ttyUSB0"/>');
    expect(xml).toContain('<testcase classname="bitl.x" name="ok" time="0.250"/>');
    expect(xml).toContain('<failure message="no &quot;aliot: online&quot;" type="BitlFailure">line1\nline2</failure>');
    expect(xml).toContain('<skipped message="an earlier phase failed"/>');
    expect(xml).toContain('<system-out>console</system-out>');
  });
});

describe('milestones (firmware/app/console.ts lines)', () => {
  it('parses every kind the runner relies on', () => {
    expect(parseMilestone('aliot: boot esp32 firmware 0.1.0')).toEqual({ kind: 'boot', board: 'esp32', version: '0.1.0' });
    expect(parseMilestone('aliot: device a1B2c3D4e5F.240AC4002F90 (product certificate)')).toEqual({
      kind: 'device',
      productKey: 'a1B2c3D4e5F',
      deviceName: '240AC4002F90',
      certificate: 'product',
    });
    expect(parseMilestone('aliot: state REGISTER')).toEqual({ kind: 'state', state: 'REGISTER' });
    expect(parseMilestone('aliot: online')).toEqual({ kind: 'online' });
    expect(parseMilestone('aliot: halted ALREADY_ACTIVE: device is already active (6289): reset it')).toEqual({
      kind: 'halted',
      code: 'ALREADY_ACTIVE',
      message: 'device is already active (6289): reset it',
    });
    expect(parseMilestone('aliot: error REGISTRATION_FAILED: will retry')).toMatchObject({ kind: 'error', code: 'REGISTRATION_FAILED' });
    expect(parseMilestone('aliot: memory online used=582482 free=100 unit=bytes')).toEqual({ kind: 'memory', phase: 'online', used: 582482, free: 100, unit: 'bytes' });
    expect(parseMilestone('I [link] mqtt connect success')).toBeUndefined();
    expect(milestone('state', (m) => m.state === 'ONLINE')('aliot: state ONLINE')).toBe(true);
  });
});

describe('the runner when a phase fails', () => {
  it('reports the failure with its message, skips the phases after it, and the console still shows what happened', async () => {
    const scenario: Scenario = {
      id: 'failing',
      name: 'a failing story',
      phases: [
        { name: 'says hello', run: async (ctx) => void (await ctx.repl.call('print("hello from phase one")')) },
        { name: 'waits for a line that never comes', run: async (ctx) => void (await ctx.console.waitFor(/never/, 150, ctx.console.mark(), '"never"')) },
        { name: 'never runs', run: async () => undefined },
      ],
    };
    const report = await runBitl({ target: { kind: 'virtual' }, image: 'print("tiny image")', deviceNameFormat: 'mac-upper', scenarios: [scenario] });
    const [one, two, three] = report.scenarios[0]!.phases;
    expect(report.passed).toBe(false);
    expect(one).toMatchObject({ status: 'passed' });
    expect(one!.console).toContain('hello from phase one');
    expect(two).toMatchObject({ status: 'failed' });
    expect(two!.message).toMatch(/no console line "never" within 150 ms/);
    expect(three).toMatchObject({ status: 'skipped', message: 'an earlier phase failed' });
    expect(junitXml(toJUnit(report))).toMatch(/failures="1" errors="0" skipped="1"/);
  });

  it('refuses a real board without --cloud-host (it cannot reach this machine\'s loopback)', async () => {
    await expect(runBitl({ target: { kind: 'serial', path: '/dev/null' }, image: 'x', deviceNameFormat: 'mac-upper' })).rejects.toThrow(/--cloud-host/);
  });
});
