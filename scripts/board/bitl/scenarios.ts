// The board-in-the-loop scenarios: the seed story of a device with one certificate per product, told by the
// board's own console (milestones.ts) and checked against the cloud it talks to.
//   upload → provision → first boot registers, stores, connects → a reboot reuses the stored secret →
//   the stored secret is lost: registration is refused with 6289 and the link halts with the remedy →
//   ResetThing in the cloud → the board registers again.
// Each phase is one JUnit test case; the context carries what a phase learns (the DeviceName) to the next.
import type { RunningCloud } from '../../cloud/index';
import type { ConsoleOperations } from '../../cloud/index';
import type { ConsoleLog } from '../../serial/console-lines';
import type { BoardPort } from '../../serial/board-port';
import type { ReplClient } from '../../serial/repl-client';
import { preRegisterDevice } from '../provision/cloud';
import { CREDENTIAL_FILES, provisionBoard } from '../provision/provision';
import { uploadImage } from '../upload/upload';
import type { DeviceNameFormat } from '../../../hal/types';
import { milestone, stateIs } from './milestones';

export interface BitlTimeouts {
  /** From a reboot to the firmware's boot line. */
  bootMs: number;
  /** From the boot line to online (or to the halt). */
  linkMs: number;
  /** The whole upload. */
  uploadMs: number;
}

export interface BitlContext {
  port: BoardPort;
  repl: ReplClient;
  console: ConsoleLog;
  cloud: RunningCloud;
  ops: ConsoleOperations;
  adminUrl: string;
  product: { productKey: string; productSecret: string };
  /** The image to upload (latin1). */
  image: string;
  /** The board descriptor's DeviceName format. */
  deviceNameFormat: DeviceNameFormat;
  /** aliot.config for a board that cannot use a host map (a real one): the cloud's address and ports. */
  settings?: Record<string, unknown>;
  timeouts: BitlTimeouts;
  /** Learned in the provision phase. */
  deviceName?: string;
  /** A line for the phase's report. */
  note(text: string): void;
}

export interface Phase {
  name: string;
  run(ctx: BitlContext): Promise<void>;
}

export interface Scenario {
  id: string;
  name: string;
  phases: Phase[];
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is unknown: an earlier phase did not finish`);
  return value;
}

/** Reboots the board through its REPL (the same for a real and a virtual board) and waits for the image's boot line. */
async function reboot(ctx: BitlContext): Promise<number> {
  const since = ctx.console.mark();
  await ctx.repl.sendLine('E.reboot()');
  const boot = await ctx.console.waitFor(milestone('boot'), ctx.timeouts.bootMs, since, '"aliot: boot <board> firmware <version>"');
  return boot.index;
}

/** Waits for the milestones in this order, each after the one before. */
async function inOrder(ctx: BitlContext, since: number, steps: [(line: string) => boolean, string][]): Promise<number> {
  let at = since;
  for (const [test, what] of steps) at = (await ctx.console.waitFor(test, ctx.timeouts.linkMs, at, what)).index + 1;
  return at;
}

function registrations(ctx: BitlContext): number {
  const { productKey } = ctx.product;
  const deviceName = need(ctx.deviceName, 'the DeviceName');
  return ctx.cloud.events.recent().filter((e) => e.type === 'registered' && e.productKey === productKey && e.deviceName === deviceName).length;
}

const upload: Phase = {
  name: 'upload the image as .bootcde (staged, verified by hash, switched)',
  async run(ctx) {
    const result = await uploadImage(ctx.repl, ctx.image, { reboot: false, slowTimeoutMs: ctx.timeouts.uploadMs });
    ctx.note(
      `${result.bytes} bytes, ${result.upToDate ? 'already on the board' : `sent by ${result.protocol}`}, ` +
        `${result.digest.algorithm} ${result.digest.hash} verified; Espruino ${result.info.version ?? '?'}`,
    );
  },
};

const provision: Phase = {
  name: 'provision the factory record (ProductSecret; DeviceName from the board identity; pre-registered)',
  async run(ctx) {
    const outcome = await provisionBoard(ctx.repl, {
      productKey: ctx.product.productKey,
      productSecret: ctx.product.productSecret,
      defaultFormat: ctx.deviceNameFormat,
      eraseCredentials: true,
      ...(ctx.settings ? { settings: ctx.settings } : {}),
    });
    ctx.deviceName = outcome.deviceName;
    const how = await preRegisterDevice(ctx.adminUrl, outcome.productKey, outcome.deviceName);
    ctx.note(`DeviceName ${outcome.deviceName} (${outcome.deviceNameFormat}) from MAC ${outcome.identity.mac ?? '-'} / serial ${outcome.identity.serial ?? '-'}; cloud: ${how}`);
  },
};

const firstBoot: Phase = {
  name: 'first boot registers, stores the DeviceSecret and connects',
  async run(ctx) {
    const { productKey } = ctx.product;
    const deviceName = need(ctx.deviceName, 'the DeviceName');
    const before = registrations(ctx);
    const boot = await reboot(ctx);
    await inOrder(ctx, boot, [
      [milestone('device', (m) => m.productKey === productKey && m.deviceName === deviceName && m.certificate === 'product'), `"aliot: device ${productKey}.${deviceName} (product certificate)"`],
      [stateIs('REGISTER'), '"aliot: state REGISTER"'],
      [stateIs('PERSIST'), '"aliot: state PERSIST"'],
      [stateIs('CONNECT'), '"aliot: state CONNECT"'],
      [milestone('online'), '"aliot: online"'],
    ]);
    if (registrations(ctx) !== before + 1) throw new Error(`the cloud saw ${registrations(ctx) - before} registrations of ${deviceName}, expected 1`);
    const device = ctx.cloud.registry.devices.get(productKey, deviceName);
    if (!device || device.deviceSecret === null) throw new Error(`the cloud holds no DeviceSecret for ${deviceName}`);
    if (!ctx.cloud.isOnline(productKey, deviceName)) throw new Error(`the cloud does not see ${deviceName} online`);
    ctx.note(`registered once, online in the cloud as ${productKey}.${deviceName}`);
  },
};

const rebootReuses: Phase = {
  name: 'a reboot reuses the stored DeviceSecret (no second registration)',
  async run(ctx) {
    const before = registrations(ctx);
    const boot = await reboot(ctx);
    const online = await ctx.console.waitFor(milestone('online'), ctx.timeouts.linkMs, boot, '"aliot: online"');
    const registered = ctx.console.lines.slice(boot, online.index).some((l) => stateIs('REGISTER')(l.text));
    if (registered) throw new Error('the board registered again although it had a stored DeviceSecret');
    if (registrations(ctx) !== before) throw new Error('the cloud saw another registration');
    ctx.note('online with the stored secret; no "aliot: state REGISTER" before "aliot: online"');
  },
};

const secretLost: Phase = {
  name: 'stored DeviceSecret lost: registration refused with 6289, HALTED with the remedy',
  async run(ctx) {
    const erased = await ctx.repl.call<number>(
      `(function(S,l){var n=0;for(var i=0;i<l.length;i++)if(S.read(l[i])!==undefined){S.erase(l[i]);n++}return n})(require("Storage"),${JSON.stringify(CREDENTIAL_FILES)})`,
    );
    if (erased === 0) throw new Error('the board held no stored credential to erase');
    const boot = await reboot(ctx);
    const halted = await inOrder(ctx, boot, [
      [stateIs('REGISTER'), '"aliot: state REGISTER"'],
      [milestone('halted', (m) => m.code === 'ALREADY_ACTIVE'), '"aliot: halted ALREADY_ACTIVE: … (6289) …"'],
    ]);
    const line = ctx.console.lines[halted - 1]!.text;
    if (!/6289/.test(line) || !/ResetThing/.test(line)) throw new Error(`the halt does not name 6289 and the remedy (ResetThing): ${line}`);
    const online = ctx.console.lines.slice(boot).some((l) => milestone('online')(l.text));
    if (online) throw new Error('the board went online although its registration was refused');
    ctx.note(line);
  },
};

const cloudReset: Phase = {
  name: 'ResetThing in the cloud: the board registers again and connects',
  async run(ctx) {
    const deviceName = need(ctx.deviceName, 'the DeviceName');
    ctx.ops.resetDevice(ctx.product.productKey, deviceName);
    const before = registrations(ctx);
    const boot = await reboot(ctx);
    await inOrder(ctx, boot, [
      [stateIs('REGISTER'), '"aliot: state REGISTER"'],
      [stateIs('PERSIST'), '"aliot: state PERSIST"'],
      [milestone('online'), '"aliot: online"'],
    ]);
    if (registrations(ctx) !== before + 1) throw new Error('the cloud did not see the new registration');
    ctx.note('registered again after ResetThing and online');
  },
};

export const SEED_STORY: Scenario = {
  id: 'seed-story',
  name: 'seed story: one certificate per product',
  phases: [upload, provision, firstBoot, rebootReuses, secretLost, cloudReset],
};

export const SCENARIOS: Scenario[] = [SEED_STORY];
