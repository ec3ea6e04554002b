// JsVars on the real Espruino engine: aliot's image and Espruino's own MQTT module, side by side, on the ESP32-sized
// engines (fixed pools of 4,000 and 8,000 JsVars; TLS memory from the C heap, as an ESP32's comes from its IDF
// heap), both run from Storage as .bootcde, against one local cloud on loopback:
//   aliot  registers over HTTPS with its product's ProductSecret (the DeviceName pre-registered), logs in over
//          TLS and answers property sets;
//   module logs in over plain TCP with a per-device DeviceSecret (securemode 3), subscribes and publishes.
// The flashes are prepared once (engine-memory-flash.ts) and copied for every engine; each engine is also read
// empty (its baseline). Without the engines (or the module beside them) the section is skipped, with how to get them.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import espruinoLinux from '../../boards/espruino-linux';
import { deviceSecretCredentials } from '../../src/auth/index';
import { thingTopics } from '../../src/thing/topics';
import { BOOT_FILE } from '../board/upload/upload';
import { enginesDir, ESP32_4000_ENGINE, ESP32_8000_ENGINE, namedEngine, STOCK_ENGINE } from '../board/engine/index';
import { ConsoleOperations, nodeHashHal, startCloud } from '../cloud/index';
import { projectRoot } from '../project-root';
import { BenchEngine, sleep } from './engine-memory-board';
import { prepareAliotFlash, prepareFilesFlash } from './engine-memory-flash';
import { moduleClientProgram, MODULE_FILE, mqttModulePath, readMqttModule } from './engine-memory-module';
import type { EngineBaseline, EngineMemoryResult, ProgramRun } from './engine-memory-readings';
import { runAliot, runModule, type RunTimeouts } from './engine-memory-runs';

/** The engines measured, smallest pool first. */
export const TARGET_ENGINES = [
  { name: ESP32_4000_ENGINE, pool: 4000 },
  { name: ESP32_8000_ENGINE, pool: 8000 },
];

/** What the skipped section says about getting the engines. */
export const HOW_TO_GET_ESP32_ENGINES =
  'build Espruino for Linux (git clone the Espruino repository, `make BOARD=LINUX`) with the JsVar pool fixed at 4,000 and ' +
  '8,000 variables and mbedtls allocating from the C heap, name the builds espruino-2v29-esp32-4000 and -8000, and put them ' +
  '(with the stock build espruino-2v29-linux, if you have it, and anchors/MQTT.js from EspruinoDocs) in ALIOT_ENGINES_DIR';

/** The image the engines boot: the build of boards/espruino-linux (no Wifi module; identity from getSerial()). */
export const IMAGE_FILE = 'dist/espruino-linux/image.js';

/** The module client's device: a product without dynamic registration gives it a DeviceSecret when added. */
export const MODULE_DEVICE_NAME = 'mqtt-module-bench';

export interface EngineMemoryOptions {
  /** Where engines are looked up ($ALIOT_ENGINES_DIR); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The project root holding the image; default the project's. */
  root?: string;
  timeouts?: RunTimeouts;
}

export interface LocatedEngines {
  targets: { name: string; pool: number; path: string }[];
  /** The engine that writes the flashes: the stock build when present, else the largest target. */
  preparer?: string;
  missing: string[];
}

export function locateEngines(env: NodeJS.ProcessEnv = process.env): LocatedEngines {
  const targets: LocatedEngines['targets'] = [];
  const missing: string[] = [];
  for (const t of TARGET_ENGINES) {
    const path = namedEngine(t.name, env);
    if (path) targets.push({ ...t, path });
    else missing.push(t.name);
  }
  const preparer = namedEngine(STOCK_ENGINE, env) ?? targets[targets.length - 1]?.path;
  return { targets, missing, ...(preparer ? { preparer } : {}) };
}

function skipped(why: string, imageBytes: number, moduleBytes: number): EngineMemoryResult {
  return { skipped: why, runs: [], baselines: [], imageBytes, moduleBytes, durationMs: 0 };
}

/** What the engine holds with nothing in Storage: the REPL reading on an empty flash. */
async function readBaseline(target: LocatedEngines['targets'][number], dir: string): Promise<EngineBaseline> {
  const board = await BenchEngine.start(target.path, dir);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      await sleep(500);
      const wait = await board.readMemory(2000);
      if (wait.kind === 'found') return { engine: target.name, pool: target.pool, used: wait.value.used };
    }
    return { engine: target.name, pool: target.pool };
  } finally {
    await board.dispose();
  }
}

const RUN_ORDER: Record<ProgramRun['program'], number> = { aliot: 0, module: 1 };

export async function benchEngineMemory(options: EngineMemoryOptions = {}): Promise<EngineMemoryResult> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const imagePath = join(options.root ?? projectRoot, IMAGE_FILE);
  const moduleSource = readMqttModule(env);
  const moduleBytes = moduleSource === undefined ? 0 : Buffer.byteLength(moduleSource, 'latin1');
  const imageBytes = existsSync(imagePath) ? readFileSync(imagePath).length : 0;
  const located = locateEngines(env);
  if (located.missing.length > 0 || !located.preparer) {
    return skipped(`no engine ${located.missing.join(', ')} in ${enginesDir(env)}: ${HOW_TO_GET_ESP32_ENGINES}`, imageBytes, moduleBytes);
  }
  if (moduleSource === undefined) {
    return skipped(`no Espruino MQTT module at ${mqttModulePath(env)} (MQTT.js of EspruinoDocs, kept beside the engines)`, imageBytes, moduleBytes);
  }
  if (imageBytes === 0) throw new Error(`no image at ${imagePath}: run npm run build first`);
  const image = readFileSync(imagePath, 'latin1');

  const work = mkdtempSync(join(tmpdir(), 'aliot-bench-engine-'));
  const cloud = await startCloud({ dataDir: join(work, 'cloud'), host: '127.0.0.1', httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0 });
  try {
    const ops = new ConsoleOperations(cloud.registry, cloud.events);
    const aliotProduct = ops.addProduct({ dynamicRegistration: true });
    const aliot = await prepareAliotFlash(located.preparer, join(work, 'prepare-aliot'), {
      productKey: aliotProduct.productKey,
      productSecret: aliotProduct.productSecret,
      deviceNameFormat: espruinoLinux.identity.deviceNameFormat,
      settings: { authHost: '127.0.0.1', authPort: cloud.httpsPort, mqttHost: '127.0.0.1', mqttPort: cloud.mqttTlsPort },
      image,
    });
    ops.addDevices(aliotProduct.productKey, [aliot.deviceName]);

    const moduleProduct = ops.addProduct({ dynamicRegistration: false });
    const device = ops.addDevices(moduleProduct.productKey, [MODULE_DEVICE_NAME]).added[0]!;
    const id = { productKey: moduleProduct.productKey, deviceName: MODULE_DEVICE_NAME };
    const creds = deviceSecretCredentials(nodeHashHal, { ...id, deviceSecret: device.deviceSecret!, secureMode: 3 });
    if (!creds.ok) throw new Error(`module client credentials: ${creds.error.message}`);
    const topics = thingTopics(id.productKey, id.deviceName);
    const program = moduleClientProgram({
      host: '127.0.0.1',
      port: cloud.mqttTcpPort,
      clientId: creds.value.clientId,
      username: creds.value.username,
      password: creds.value.password,
      subscribeTopic: topics.propertySet,
      publishTopic: topics.propertyPost,
    });
    const moduleFlash = await prepareFilesFlash(located.preparer, join(work, 'prepare-module'), [
      { name: MODULE_FILE, text: moduleSource },
      { name: BOOT_FILE, text: program },
    ]);

    const baselines: EngineBaseline[] = [];
    const runs: ProgramRun[] = [];
    for (const target of located.targets) {
      const dir = (what: string) => join(work, `${target.pool}-${what}`);
      const on = { engine: target.path, engineName: target.name, pool: target.pool };
      baselines.push(await readBaseline(target, dir('empty')));
      runs.push(
        await runAliot(
          { ...on, dir: dir('aliot'), flash: aliot.flash, bytes: imageBytes },
          {
            cloud,
            productKey: aliotProduct.productKey,
            deviceName: aliot.deviceName,
            // The same DeviceName registers on every engine and attempt: ResetThing lets it register again.
            beforeAttempt: () => ops.resetDevice(aliotProduct.productKey, aliot.deviceName),
            ...(options.timeouts ? { timeouts: options.timeouts } : {}),
          },
        ),
      );
      runs.push(
        await runModule(
          { ...on, dir: dir('module'), flash: moduleFlash, bytes: moduleBytes },
          { cloud, ...id, publishTopic: topics.propertyPost, ...(options.timeouts ? { timeouts: options.timeouts } : {}) },
        ),
      );
    }
    runs.sort((a, b) => RUN_ORDER[a.program] - RUN_ORDER[b.program] || a.pool - b.pool);
    return { runs, baselines, imageBytes, moduleBytes, durationMs: Date.now() - started };
  } finally {
    await cloud.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
