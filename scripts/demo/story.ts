// The seed story, told on the virtual ESP32 (or the real Espruino engine) running the real image against the
// local cloud:
//   1 first boot registers, stores the secret and connects   2 a property post reaches the cloud
//   3 a property set from the cloud is applied and answered    4 a reboot reuses the stored secret, no registration
//   5 wiped Storage: registration refused with 6289, HALTED with the remedy   6 ResetThing in the cloud: registers again
import { readFileSync } from 'node:fs';
import path from 'node:path';
import esp32 from '../../boards/esp32';
import type { VirtualEsp32 } from '../board/virtual';
import { ConsoleOperations, formatEvent, startCloud, type CloudEvent, type RunningCloud } from '../cloud/index';
import { engineDemoBoard, virtualDemoBoard, type DemoBoard } from './demo-board';
import { thingTopics } from '../../src/thing/topics';
import { maskSecret } from '../../src/util/mask';
import { watchConsole, type ConsoleWatch } from './board-console';
import type { Narrator } from './narrator';
import { prepareWorkDir } from './work-dir';

export const STEPS = ['first-boot', 'property-post', 'property-set', 'reboot', 'wipe', 'reset'] as const;
export type StepName = (typeof STEPS)[number];

export interface StoryOptions {
  /**
   * Where the cloud's registry and the board's flash live: a new or empty directory, or one an earlier run marked
   * (its cloud/ and board/ are recreated); any other is refused with WorkDirRefused and left untouched.
   */
  workDir: string;
  image: string;
  narrator: Narrator;
  /** Stop after this step (default: the whole story). */
  until?: StepName;
  /** Leave the board online and the cloud running at the end (the caller stops them). */
  keepOnline?: boolean;
  /** Per milestone. */
  timeoutMs?: number;
  /** Tell it on the real Espruino engine at this path instead of the virtual ESP32 (give the espruino-linux image). */
  engine?: string;
}

export interface PhaseMemory {
  phase: string;
  used: number;
  unit: string;
}

export interface StoryResult {
  steps: StepName[];
  registrations: number;
  memory: PhaseMemory[];
  /** The virtual board (undefined on the engine). */
  board: VirtualEsp32 | undefined;
  /** What the memory figures count. */
  memoryUnit: string;
  cloud: RunningCloud;
  stop(): Promise<void>;
}

export async function runStory(options: StoryOptions): Promise<StoryResult> {
  const say = options.narrator;
  const timeout = options.timeoutMs ?? 20_000;
  prepareWorkDir(options.workDir);
  const image = readFileSync(options.image);

  const events: CloudEvent[] = [];
  const cloud = await startCloud({
    dataDir: path.join(options.workDir, 'cloud'),
    httpsPort: 0,
    mqttTlsPort: 0,
    mqttTcpPort: 0,
    adminPort: 0,
    ...(options.engine ? { mqttRedirect: { host: '127.0.0.1' } } : {}),
  });
  cloud.events.subscribe((e: CloudEvent) => {
    events.push(e);
    say.cloud(formatEvent(e));
  });
  const console_ = watchConsole((line) => say.board(line));
  const onLine = (l: string) => console_.push(l);
  const boardDir = path.join(options.workDir, 'board');
  const board: DemoBoard = options.engine ? engineDemoBoard(options.engine, boardDir, image, cloud, onLine) : virtualDemoBoard(boardDir, image, cloud, onLine);
  const ops = new ConsoleOperations(cloud.registry, cloud.events);
  const done: StepName[] = [];
  const stop = async () => {
    await board.dispose();
    await cloud.stop();
  };
  const registrations = () => events.filter((e) => e.type === 'registered').length;

  try {
    say.info(`local cloud: HTTPS on 127.0.0.1:${cloud.httpsPort}, MQTT over TLS on 127.0.0.1:${cloud.mqttTlsPort}`);
    const product = ops.addProduct({ dynamicRegistration: true });
    const certificate = { productKey: product.productKey, productSecret: product.productSecret };
    say.info(`product ${product.productKey} (ProductSecret ${maskSecret(product.productSecret)}), dynamic registration on`);
    say.info(`the board: ${board.label}`);
    const DEVICE_NAME = await board.install(certificate);
    ops.addDevices(product.productKey, [DEVICE_NAME]);
    say.info(`device ${DEVICE_NAME} pre-registered in the cloud`);
    const topics = thingTopics(product.productKey, DEVICE_NAME);
    const run = async (name: StepName, n: number, title: string, body: () => Promise<void>) => {
      say.step(n, title);
      await body();
      done.push(name);
      return options.until === name;
    };

    if (
      await run('first-boot', 1, 'First boot: register, store the secret, connect', async () => {
        say.info(`the product certificate is in the board's Storage ("aliot.factory"), the image is .bootcde (${image.length} bytes)`);
        const from = console_.lines.length;
        await board.boot();
        await console_.waitFor(/^aliot: online$/, timeout, from);
        say.ok(`registered once (${registrations()}), secret stored and read back, then connected`);
      })
    ) return finish();

    if (
      await run('property-post', 2, 'A property post reaches the cloud', async () => {
        const seen = events.find((e) => e.type === 'published' && e.topic === topics.propertyPost);
        const post = seen ?? (await cloud.events.waitFor('published', (e) => e.topic === topics.propertyPost, timeout));
        say.ok(`the cloud received ${post.type === 'published' ? post.preview : ''}`);
      })
    ) return finish();

    if (
      await run('property-set', 3, 'The cloud sets a property; the board applies it and answers', async () => {
        const from = console_.lines.length;
        const reply = cloud.events.waitFor('published', (e) => e.topic === topics.propertySetReply, timeout);
        const set = '{"id":"4242","version":"1.0","params":{"LightSwitch":0},"method":"thing.service.property.set"}';
        say.info(`cloud → ${topics.propertySet} ${set}`);
        await cloud.publishToDevice(product.productKey, DEVICE_NAME, topics.propertySet, set, 1);
        await console_.waitFor(/^aliot: property set \{"LightSwitch":0\} applied$/, timeout, from);
        const answer = await reply;
        say.ok(`the board answered ${answer.preview}`);
      })
    ) return finish();

    if (
      await run('reboot', 4, 'Reboot: the stored secret is reused, no registration', async () => {
        const before = registrations();
        const from = console_.lines.length;
        await board.reboot();
        await console_.waitFor(/^aliot: online$/, timeout, from);
        if (registrations() !== before) throw new Error('the board registered again after a reboot');
        // A product-certificate board goes LOAD → CONNECT only with a secret in flash; without one it enters REGISTER.
        const states = console_.lines.slice(from).filter((l) => l.startsWith('aliot: state '));
        if (!states.includes('aliot: state LOAD') || !states.includes('aliot: state CONNECT') || states.includes('aliot: state REGISTER')) {
          throw new Error('the secret was not loaded from flash: ' + states.join(', '));
        }
        say.ok('online again with the DeviceSecret from flash; the cloud saw no registration');
      })
    ) return finish();

    if (
      await run('wipe', 5, "Storage wiped (a reflash): 6289, HALTED with the remedy", async () => {
        await board.wipe(certificate);
        say.info('Storage erased, then the image and the product certificate written again, as after a reflash');
        const from = console_.lines.length;
        await board.boot();
        const halted = await console_.waitFor(/^aliot: halted ALREADY_ACTIVE/, timeout, from);
        say.ok(`HALTED: ${halted.replace(/^aliot: halted /, '')}`);
        const refused = registrations();
        await new Promise((r) => setTimeout(r, 1500));
        if (registrations() !== refused) throw new Error('the halted board kept registering');
        say.ok('and it does not try again');
      })
    ) return finish();

    await run('reset', 6, 'ResetThing in the cloud: the board registers again', async () => {
      ops.resetDevice(product.productKey, DEVICE_NAME);
      const from = console_.lines.length;
      await board.reboot();
      await console_.waitFor(/^aliot: online$/, timeout, from);
      say.ok('registered with a new DeviceSecret, stored it, and connected');
    });
    return finish();
  } catch (err) {
    await stop();
    throw err;
  }

  async function finish(): Promise<StoryResult> {
    const result: StoryResult = { steps: done, registrations: registrations(), memory: phaseMemory(console_), board: board.virtual, cloud, stop, memoryUnit: board.memoryUnit };
    if (!options.keepOnline) await stop();
    return result;
  }
}

/** The first memory line of each phase the firmware printed ("aliot: memory <phase> used=… unit=…"). */
function phaseMemory(console_: ConsoleWatch): PhaseMemory[] {
  const phases: PhaseMemory[] = [];
  for (const line of console_.lines) {
    const m = /^aliot: memory (\S+) used=(\d+) free=\d+ unit=(\S+)$/.exec(line);
    if (m && !phases.some((p) => p.phase === m[1])) phases.push({ phase: m[1]!, used: Number(m[2]), unit: m[3]! });
  }
  return phases;
}

export const DEMO_BOARD = esp32;
