// The board-in-the-loop scenarios: the seed story of a device with one certificate per product, told by the
// board's own console (milestones.ts) and checked against the cloud it talks to.
//   upload → provision → first boot registers, stores, connects → a reboot reuses the stored secret →
//   the stored secret is lost: registration is refused with 6289 and the link halts with the remedy →
//   ResetThing in the cloud → the board registers again.
// Then every other way in, each from a freshly provisioned board: registration over MQTT (register, and regnwl with
// a connwl login), a per-device certificate, HTTPS authentication, and a power cut during the first boot's
// registration and store. A board that goes online must get there without one failed attempt on the way.
// Each phase is one JUnit test case; the context carries what a phase learns (the DeviceName) to the next.
import type { RunningCloud } from '../../cloud/index';
import type { ConsoleOperations } from '../../cloud/index';
import type { ConsoleLog } from '../../serial/console-lines';
import type { BoardPort } from '../../serial/board-port';
import type { ReplClient } from '../../serial/repl-client';
import { preRegisterDevice } from '../provision/cloud';
import { CREDENTIAL_FILES, provisionBoard } from '../provision/provision';
import { writeImageToEngine } from '../upload/engine';
import { UploadError, uploadImage } from '../upload/upload';
import type { DeviceNameFormat, ImageFeatures } from '../../../hal/types';
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
  /** Cut the board's power now (SIGKILL of the real engine); undefined where the board cannot. */
  powerCut?: () => Promise<void>;
  /** Power the board on again after a cut. */
  powerOn?: () => Promise<void>;
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

/** The way to online had no failed attempt: no "aliot: error …" or "aliot: offline …" line in [from, to). */
function noFailedAttempt(ctx: BitlContext, from: number, to: number): void {
  const failed = ctx.console.lines.slice(from, to).filter((l) => milestone('error')(l.text) || milestone('offline')(l.text));
  if (failed.length > 0) throw new Error(`online only after a failed attempt:\n${failed.map((l) => `  ${l.text}`).join('\n')}`);
}

function registrations(ctx: BitlContext): number {
  const { productKey } = ctx.product;
  const deviceName = need(ctx.deviceName, 'the DeviceName');
  return ctx.cloud.events.recent().filter((e) => e.type === 'registered' && e.productKey === productKey && e.deviceName === deviceName).length;
}

/** Erases the stored credentials on the board (as a reflash would); resolves with how many files it erased. */
function eraseStoredCredentials(ctx: BitlContext): Promise<number> {
  return ctx.repl.call<number>(
    `(function(S,l){var n=0;for(var i=0;i<l.length;i++)if(S.read(l[i])!==undefined){S.erase(l[i]);n++}return n})(require("Storage"),${JSON.stringify(CREDENTIAL_FILES)})`,
  );
}

/** Uploads tried before the phase fails: `aliot upload` picks up where an interrupted one left off. */
const UPLOAD_ATTEMPTS = 3;

const upload: Phase = {
  name: 'upload the image as .bootcde, verified by hash on the board',
  async run(ctx) {
    const engine = ctx.port.engine;
    if (engine) {
      const result = await writeImageToEngine(engine, ctx.repl, ctx.image, { reboot: false });
      ctx.note(`${result.bytes} bytes written into the engine's flash from the host, ${result.digest.algorithm} ${result.digest.hash} verified on the board; Espruino ${result.info.version ?? '?'}`);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await uploadImage(ctx.repl, ctx.image, { reboot: false, slowTimeoutMs: ctx.timeouts.uploadMs });
        ctx.note(
          `${result.bytes} bytes, ${result.upToDate ? 'already on the board' : `sent by ${result.protocol}`}, ` +
            `${result.digest.algorithm} ${result.digest.hash} verified; Espruino ${result.info.version ?? '?'}` +
            (attempt > 1 ? ` (attempt ${attempt})` : ''),
        );
        return;
      } catch (error) {
        // A board that reset while the image travelled gets the upload again.
        if (!(error instanceof UploadError) || error.code !== 'INTERRUPTED' || attempt >= UPLOAD_ATTEMPTS) throw error;
        ctx.note(`attempt ${attempt} interrupted: ${error.message.split(';')[0]}`);
      }
    }
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
    const how = await preRegisterDevice({ url: ctx.adminUrl, token: ctx.cloud.adminToken }, outcome.productKey, outcome.deviceName);
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
    const online = await inOrder(ctx, boot, [
      [milestone('device', (m) => m.productKey === productKey && m.deviceName === deviceName && m.certificate === 'product'), `"aliot: device ${productKey}.${deviceName} (product certificate)"`],
      [stateIs('REGISTER'), '"aliot: state REGISTER"'],
      [stateIs('PERSIST'), '"aliot: state PERSIST"'],
      [stateIs('CONNECT'), '"aliot: state CONNECT"'],
      [milestone('online'), '"aliot: online"'],
    ]);
    noFailedAttempt(ctx, boot, online);
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
    noFailedAttempt(ctx, boot, online.index);
    const registered = ctx.console.lines.slice(boot, online.index).some((l) => stateIs('REGISTER')(l.text));
    if (registered) throw new Error('the board registered again although it had a stored DeviceSecret');
    if (registrations(ctx) !== before) throw new Error('the cloud saw another registration');
    ctx.note('online with the stored secret; no "aliot: state REGISTER" before "aliot: online"');
  },
};

const secretLost: Phase = {
  name: 'stored DeviceSecret lost: registration refused with 6289, HALTED with the remedy',
  async run(ctx) {
    const erased = await eraseStoredCredentials(ctx);
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
    const online = await inOrder(ctx, boot, [
      [stateIs('REGISTER'), '"aliot: state REGISTER"'],
      [stateIs('PERSIST'), '"aliot: state PERSIST"'],
      [milestone('online'), '"aliot: online"'],
    ]);
    noFailedAttempt(ctx, boot, online);
    if (registrations(ctx) !== before + 1) throw new Error('the cloud did not see the new registration');
    ctx.note('registered again after ResetThing and online');
  },
};

export const SEED_STORY: Scenario = {
  id: 'seed-story',
  name: 'seed story: one certificate per product',
  phases: [upload, provision, firstBoot, rebootReuses, secretLost, cloudReset],
};

/** One way onto the platform, as the firmware's settings and the factory record choose it. */
interface WayIn {
  id: string;
  title: string;
  certificate: 'product' | 'device';
  /** Link settings beside the cloud's address (registration, authMode). */
  link: Record<string, unknown>;
  /** The DeviceName is pre-registered in the cloud (regnwl needs no pre-registration). */
  preRegister: boolean;
  /** The build-time feature the image needs for it. */
  needs?: keyof ImageFeatures;
}

/** A new product in the cloud for this way in, and the board provisioned for it with its stored credentials erased. */
function provisionFor(way: WayIn): Phase {
  return {
    name: `provision for ${way.title}`,
    async run(ctx) {
      // Stop the running firmware first (reset() does not run .bootcde), as a factory does before re-provisioning.
      await ctx.repl.sendLine('reset()');
      await ctx.repl.sync();
      const product = ctx.ops.addProduct({ dynamicRegistration: way.certificate === 'product' });
      ctx.product = { productKey: product.productKey, productSecret: product.productSecret };
      const settings = { ...ctx.settings, ...way.link };
      let deviceSecret: string | undefined;
      let deviceName: string | undefined;
      if (way.certificate === 'device') {
        deviceName = `bitl-${way.id}`;
        deviceSecret = ctx.ops.addDevices(product.productKey, [deviceName]).added[0]!.deviceSecret ?? undefined;
        if (!deviceSecret) throw new Error('the cloud issued no DeviceSecret for a product without dynamic registration');
      }
      const outcome = await provisionBoard(ctx.repl, {
        productKey: product.productKey,
        ...(deviceSecret !== undefined ? { deviceName, deviceSecret } : { productSecret: product.productSecret }),
        defaultFormat: ctx.deviceNameFormat,
        eraseCredentials: true,
        settings,
      });
      ctx.deviceName = outcome.deviceName;
      const how =
        way.certificate === 'device'
          ? 'added with its DeviceSecret'
          : way.preRegister
            ? await preRegisterDevice({ url: ctx.adminUrl, token: ctx.cloud.adminToken }, outcome.productKey, outcome.deviceName)
            : 'not pre-registered';
      ctx.note(`${outcome.productKey}.${outcome.deviceName}, ${way.certificate} certificate, settings ${JSON.stringify(way.link)}; cloud: ${how}`);
    },
  };
}

/** From power-on to online, straight: registering once (product certificate) or never (device certificate). */
function comesOnline(way: WayIn): Phase {
  return {
    name: `${way.title}: the first boot comes online with no failed attempt, and a reboot comes online without registering`,
    async run(ctx) {
      const { productKey } = ctx.product;
      const deviceName = need(ctx.deviceName, 'the DeviceName');
      const before = registrations(ctx);
      const boot = await reboot(ctx);
      const steps: [(line: string) => boolean, string][] = [
        [milestone('device', (m) => m.deviceName === deviceName && m.certificate === way.certificate), `"aliot: device ${productKey}.${deviceName} (${way.certificate} certificate)"`],
        ...(way.certificate === 'product' ? ([[stateIs('PERSIST'), '"aliot: state PERSIST"']] as [(line: string) => boolean, string][]) : []),
        [milestone('online'), '"aliot: online"'],
      ];
      const online = await inOrder(ctx, boot, steps);
      noFailedAttempt(ctx, boot, online);
      const expected = way.certificate === 'product' ? 1 : 0;
      if (registrations(ctx) !== before + expected) throw new Error(`the cloud saw ${registrations(ctx) - before} registrations, expected ${expected}`);
      if (!ctx.cloud.isOnline(productKey, deviceName)) throw new Error(`the cloud does not see ${deviceName} online`);
      const again = await reboot(ctx);
      const back = (await ctx.console.waitFor(milestone('online'), ctx.timeouts.linkMs, again, '"aliot: online" after the reboot')).index;
      noFailedAttempt(ctx, again, back);
      if (ctx.console.lines.slice(again, back).some((l) => stateIs('REGISTER')(l.text))) throw new Error('the board registered again after a reboot');
      if (registrations(ctx) !== before + expected) throw new Error('the cloud saw another registration after the reboot');
      ctx.note(`online as ${productKey}.${deviceName}; ${expected === 1 ? 'one registration' : 'no registration'}; the reboot reused what was stored`);
    },
  };
}

export const WAYS_IN: WayIn[] = [
  { id: 'mqtt-register', title: 'registration over MQTT (register)', certificate: 'product', link: { registration: 'mqtt-register' }, preRegister: true, needs: 'registerMqtt' },
  { id: 'mqtt-regnwl', title: 'registration over MQTT without pre-registration (regnwl, connwl login)', certificate: 'product', link: { registration: 'mqtt-regnwl' }, preRegister: false, needs: 'registerNwl' },
  { id: 'device-certificate', title: 'a per-device certificate', certificate: 'device', link: {}, preRegister: true },
  { id: 'https-auth', title: 'HTTPS authentication (/auth/devicename, then MQTT where the cloud says)', certificate: 'device', link: { authMode: 'https' }, preRegister: true, needs: 'authHttps' },
];

/** Scenarios for each other way in: provision, then online on the first boot and again after a reboot. */
export const WAYS_IN_SCENARIOS: Scenario[] = WAYS_IN.map((way) => ({ id: way.id, name: way.title, phases: [provisionFor(way), comesOnline(way)] }));

/** Where in the first boot the power is cut: after a milestone, then this many ms later. */
export const POWER_CUT_MOMENTS: { after: string; delayMs: number }[] = [
  { after: 'REGISTER', delayMs: 0 },
  { after: 'REGISTER', delayMs: 20 },
  { after: 'REGISTER', delayMs: 80 },
  { after: 'PERSIST', delayMs: 0 },
  { after: 'PERSIST', delayMs: 5 },
  { after: 'PERSIST', delayMs: 25 },
  { after: 'CONNECT', delayMs: 0 },
];

const powerCuts: Phase = {
  name: 'power cut during the first boot\'s registration and store, at each moment in turn: the next boot comes online',
  async run(ctx) {
    const cut = ctx.powerCut;
    const on = ctx.powerOn;
    if (!cut || !on) throw new Error('this board cannot have its power cut from here');
    const { productKey } = ctx.product;
    const deviceName = need(ctx.deviceName, 'the DeviceName');
    const outcomes: string[] = [];
    for (const moment of POWER_CUT_MOMENTS) {
      // A fresh first boot: nothing stored, and the cloud lets the device register again.
      await eraseStoredCredentials(ctx);
      ctx.ops.resetDevice(productKey, deviceName);
      const boot = await reboot(ctx);
      await ctx.console.waitFor(stateIs(moment.after), ctx.timeouts.linkMs, boot, `"aliot: state ${moment.after}"`);
      if (moment.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, moment.delayMs));
      await cut();
      const since = ctx.console.mark();
      await on();
      const booted = await ctx.console.waitFor(milestone('boot'), ctx.timeouts.bootMs, since, '"aliot: boot …" after the power cut');
      const online = await ctx.console.waitFor((l) => milestone('online')(l) || milestone('halted')(l), ctx.timeouts.linkMs, booted.index, '"aliot: online" after the power cut');
      if (!milestone('online')(online.text)) throw new Error(`cut ${moment.delayMs} ms after ${moment.after}: the next boot ${online.text}`);
      noFailedAttempt(ctx, booted.index, online.index);
      const registeredAgain = ctx.console.lines.slice(booted.index, online.index).some((l) => stateIs('REGISTER')(l.text));
      outcomes.push(`${moment.after}+${moment.delayMs}ms: ${registeredAgain ? 'registered again' : 'used the stored secret'}`);
    }
    if (!ctx.cloud.isOnline(productKey, deviceName)) throw new Error(`the cloud does not see ${deviceName} online`);
    ctx.note(`online after every cut (${outcomes.join('; ')})`);
  },
};

export const POWER_CUT: Scenario = {
  id: 'power-cut',
  name: 'power cut during the first boot',
  phases: [provisionFor({ id: 'power-cut', title: 'a power cut during registration', certificate: 'product', link: {}, preRegister: true }), powerCuts],
};

export const SCENARIOS: Scenario[] = [SEED_STORY];

/** Every way in that an image built with `features` has (absent: every feature), the seed story and the power cuts. */
export function scenariosFor(features: ImageFeatures | undefined): Scenario[] {
  const ways = WAYS_IN.filter((way) => !features || !way.needs || features[way.needs]);
  return [SEED_STORY, ...WAYS_IN_SCENARIOS.filter((s) => ways.some((w) => w.id === s.id)), POWER_CUT];
}

/** Every way in: the seed story, the other ways in, and the power cuts. */
export const ALL_SCENARIOS: Scenario[] = scenariosFor(undefined);
