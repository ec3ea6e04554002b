// `aliot provision` against virtual ESP32s and the local cloud: the factory record lands in Storage exactly as
// src/provision/store/factory.ts reads it, the DeviceName the tool derives is the board's own, the secret never
// crosses the wire back nor reaches the terminal, and the DeviceName reaches the cloud or the CSV.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConsoleOperations, startCloud, type RunningCloud } from '../../../scripts/cloud/index';
import { parseDeviceCsv } from '../../../scripts/cloud/cli/csv';
import { main } from '../../../scripts/cli/main';
import { appendDeviceCsv } from '../../../scripts/board/provision/cloud';
import { factoryMac, runFactory, serialBoardSource } from '../../../scripts/board/provision/factory';
import { factoryRecordFor, provisionBoard, ProvisionError, SETTINGS_KEY } from '../../../scripts/board/provision/provision';
import { parseDeviceNameFrom, runProvision } from '../../../scripts/board/provision/run';
import type { FactoryResult } from '../../../scripts/board/provision/factory';
import { ReplClient } from '../../../scripts/serial/repl-client';
import { decodeFactoryRecord, FACTORY_KEY, readFactoryCertificate } from '../../../src/provision/store/factory';
import { bootedBoard, disposeBoards, portOf } from '../serial/virtual-board';

const PK = 'a1ExpAkj9Hi';
const PS = 'ffFnFlKQW3HYjjPR';
const DS = 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4';

let cloud: RunningCloud;
let ops: ConsoleOperations;
let admin: string;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  cloud = await startCloud({ dataDir: tempDir('aliot-prov-cloud-'), httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0 });
  ops = new ConsoleOperations(cloud.registry, cloud.events);
  admin = `http://127.0.0.1:${cloud.adminPort}`;
});

afterAll(async () => {
  await cloud.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

afterEach(() => disposeBoards());

function stored(board: Awaited<ReturnType<typeof bootedBoard>>, name: string): string | undefined {
  const bytes = board.storage.read(name);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('latin1');
}

describe('provisionBoard on a virtual ESP32', () => {
  it('ProductSecret, DeviceName from the MAC: the record holds the format, and the board derives the same name the tool reports', async () => {
    const board = await bootedBoard();
    const since = board.output().length;
    const outcome = await provisionBoard(new ReplClient(board.serial), { productKey: PK, productSecret: PS, defaultFormat: 'mac-upper' });
    expect(outcome).toMatchObject({ productKey: PK, deviceName: '240AC4002F90', mode: 'product', deviceNameFormat: 'mac-upper', unchanged: false, credentials: [] });
    expect(outcome.identity).toEqual({ serial: '240ac400-2f90', mac: '24:0a:c4:00:2f:90', version: '2v29', board: 'ESP32' });
    const decoded = decodeFactoryRecord(stored(board, FACTORY_KEY)!);
    expect(decoded).toEqual({ ok: true, record: { productKey: PK, productSecret: PS, deviceNameFormat: 'mac-upper' } });
    // What the firmware will read at boot, with the board's identity:
    const cert = readFactoryCertificate(
      { kv: { get: (k: string) => stored(board, k) } as never, identity: { mac: () => board.mac, serial: () => board.serialNumber } },
      'serial',
    );
    expect(cert).toMatchObject({ status: 'OK', certificate: { mode: 'product', deviceName: outcome.deviceName } });
    // The secret went out with echo off and never came back.
    expect(board.output().slice(since)).not.toContain(PS);
    const again = await provisionBoard(new ReplClient(board.serial), { productKey: PK, productSecret: PS, defaultFormat: 'mac-upper' });
    expect(again.unchanged).toBe(true);
  });

  it('DeviceSecret mode writes name and secret; settings go to aliot.config; stored credentials are reported and can be erased', async () => {
    const board = await bootedBoard();
    board.storage.write('aliot.cred.a', new Uint8Array(Buffer.from('old credential')));
    const repl = new ReplClient(board.serial);
    const first = await provisionBoard(repl, { productKey: PK, deviceName: 'dev-1', deviceSecret: DS, defaultFormat: 'mac-upper', settings: { authHost: '10.0.0.2', authPort: 8443 } });
    expect(first).toMatchObject({ mode: 'device', deviceName: 'dev-1', credentials: ['aliot.cred.a'] });
    expect(decodeFactoryRecord(stored(board, FACTORY_KEY)!)).toEqual({ ok: true, record: { productKey: PK, deviceName: 'dev-1', deviceSecret: DS } });
    expect(JSON.parse(stored(board, SETTINGS_KEY)!)).toEqual({ authHost: '10.0.0.2', authPort: 8443 });
    const second = await provisionBoard(repl, { productKey: PK, deviceName: 'dev-1', deviceSecret: DS, defaultFormat: 'mac-upper', eraseCredentials: true });
    expect(second.credentials).toEqual([]);
    expect(board.storage.read('aliot.cred.a')).toBeUndefined();
    await expect(provisionBoard(repl, { productKey: PK, productSecret: PS, defaultFormat: 'mac-upper', settings: { deviceSecret: 'x' } })).rejects.toThrow(/must not hold secrets/);
  });

  it('refuses what cannot work, before writing: no DeviceName for a DeviceSecret, an unnameable board, a bad record', async () => {
    expect(() => factoryRecordFor({ productKey: PK, deviceSecret: DS, defaultFormat: 'mac-upper' }, {})).toThrow(/give --device-name too/);
    expect(() => factoryRecordFor({ productKey: PK, productSecret: PS, defaultFormat: 'mac-upper' }, { serial: 'x' })).toThrow(ProvisionError);
    expect(() => factoryRecordFor({ productKey: PK, productSecret: PS, defaultFormat: 'mac-upper' }, {})).toThrow(/reports no MAC/);
    expect(factoryRecordFor({ productKey: PK, productSecret: PS, defaultFormat: 'serial' }, { serial: '240ac400-2f90' }).deviceName).toBe('240ac400-2f90');
    const board = await bootedBoard();
    await expect(provisionBoard(new ReplClient(board.serial), { productKey: 'bad key', productSecret: PS, defaultFormat: 'mac-upper' })).rejects.toThrow(/not valid/);
    expect(board.storage.read(FACTORY_KEY)).toBeUndefined();
    expect(parseDeviceNameFrom('mac')).toBe('mac-upper');
    expect(() => parseDeviceNameFrom('imei')).toThrow(/--device-name-from/);
  });
});

describe('aliot provision: the cloud and the CSV', () => {
  it('--cloud pre-registers the derived DeviceName in the local cloud (added, then existing)', async () => {
    const product = ops.addProduct({ dynamicRegistration: true });
    const board = await bootedBoard({ mac: '24:0a:c4:12:34:56' });
    let out = '';
    const options = { productKey: product.productKey, productSecret: product.productSecret, cloud: admin, cloudData: cloud.dataDir };
    const outcome = await runProvision(options, { out: (t) => (out += t), port: portOf(board) });
    expect(outcome).toMatchObject({ deviceName: '240AC4123456' });
    expect(cloud.registry.devices.get(product.productKey, '240AC4123456')).toBeDefined();
    expect(out).toMatch(/DeviceName 240AC4123456 pre-registered in the cloud/);
    expect(out).toMatch(/ProductSecret .{4}… \(registers on first boot\)/);
    expect(out).not.toContain(product.productSecret);
    let again = '';
    await runProvision(options, { out: (t) => (again += t), port: portOf(board) });
    expect(again).toMatch(/was already in the cloud/);
    await expect(runProvision({ ...options, productKey: 'a1NoSuchProd' }, { out: () => undefined, port: portOf(board) })).rejects.toThrow(
      /product a1NoSuchProd is not in the cloud .*aliot cloud product add/,
    );
  });

  it('--cloud with a DeviceSecret checks that the cloud holds that same secret', async () => {
    const product = ops.addProduct({ dynamicRegistration: false });
    const issued = ops.addDevices(product.productKey, ['dev-ds']).added[0]!;
    const board = await bootedBoard();
    const ok = { productKey: product.productKey, deviceName: 'dev-ds', deviceSecret: issued.deviceSecret!, cloud: admin, cloudData: cloud.dataDir };
    let out = '';
    await runProvision(ok, { out: (t) => (out += t), port: portOf(board) });
    expect(out).toMatch(/knows dev-ds with this DeviceSecret/);
    expect(out).not.toContain(issued.deviceSecret!);
    await expect(runProvision({ ...ok, deviceSecret: DS }, { out: () => undefined, port: portOf(board) })).rejects.toThrow(/holds another DeviceSecret/);
  });

  it('--csv appends the DeviceName once, under a DeviceName header the console import reads', () => {
    const file = join(tempDir('aliot-prov-csv-'), 'devices.csv');
    expect(appendDeviceCsv(file, 'A1')).toBe(true);
    expect(appendDeviceCsv(file, 'B2')).toBe(true);
    expect(appendDeviceCsv(file, 'A1')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('DeviceName\nA1\nB2\n');
    expect(parseDeviceCsv(readFileSync(file, 'utf8')).names).toEqual(['A1', 'B2']);
  });
});

describe('aliot provision --factory', () => {
  it('provisions a sequence of virtual boards, each with its own MAC-derived name, registered and listed', async () => {
    const product = ops.addProduct({ dynamicRegistration: true });
    const base = tempDir('aliot-prov-factory-');
    const csv = join(base, 'batch.csv');
    let out = '';
    const results = (await runProvision(
      { productKey: product.productKey, productSecret: product.productSecret, factory: true, virtual: true, count: 3, cloud: admin, cloudData: cloud.dataDir, csv },
      { out: (t) => (out += t), virtualOptions: { baseDir: base } },
    )) as FactoryResult[];
    const names = [1, 2, 3].map((i) => factoryMac(i).replace(/:/g, '').toUpperCase());
    expect(results.map((r) => [r.ok, r.outcome?.deviceName])).toEqual(names.map((n) => [true, n]));
    for (const n of names) expect(cloud.registry.devices.get(product.productKey, n)).toBeDefined();
    expect(parseDeviceCsv(readFileSync(csv, 'utf8')).names).toEqual(names);
    expect(out).toMatch(/board 2: 240AC4F00002 provisioned and verified; DeviceName 240AC4F00002 pre-registered/);
    expect(out).toMatch(/factory run: 3 of 3 boards provisioned/);
    expect(out).not.toContain(product.productSecret);
  });

  it('on a real port: waits for each board to be plugged in, and for it to be unplugged before the next', async () => {
    const product = ops.addProduct({ dynamicRegistration: true });
    const device = join(tempDir('aliot-prov-plug-'), 'ttyUSB0');
    const boards = [await bootedBoard({ mac: '24:0a:c4:aa:00:01' }), await bootedBoard({ mac: '24:0a:c4:aa:00:02' })];
    let opens = 0;
    let out = '';
    const plug = (after: number) => setTimeout(() => writeFileSync(device, ''), after);
    const unplug = (after: number) => setTimeout(() => rmSync(device, { force: true }), after);
    const source = serialBoardSource(
      device,
      async () => {
        opens++;
        if (opens === 2) throw new Error('Error Resource temporarily unavailable Cannot lock port');
        return portOf(boards[opens === 1 ? 0 : 1]!);
      },
      (t) => {
        out += t;
        if (t.startsWith('unplug')) unplug(20);
        if (t.startsWith('plug in')) plug(20);
      },
      5,
    );
    const results = await runFactory({
      request: { productKey: product.productKey, productSecret: product.productSecret, defaultFormat: 'mac-upper' },
      source,
      count: 2,
      out: (t) => (out += t),
    });
    expect(results.map((r) => r.outcome?.deviceName)).toEqual(['240AC4AA0001', '240AC4AA0002']);
    expect(opens).toBe(3);
    expect(out).toMatch(/plug in board 1 on .*ttyUSB0/);
    expect(out).toMatch(/cannot open .*Cannot lock port/);
    expect(out).toMatch(/unplug the board from/);
  });

  it('refuses a DeviceSecret in factory mode (it belongs to one device)', async () => {
    await expect(runProvision({ productKey: PK, deviceName: 'd1', deviceSecret: DS, factory: true, virtual: true }, { out: () => undefined })).rejects.toThrow(
      /factory mode needs a ProductSecret/,
    );
  });
});

describe('aliot provision (the CLI)', () => {
  it('takes the secret from $ALIOT_PRODUCT_SECRET and never prints it', async () => {
    const base = tempDir('aliot-prov-cli-');
    const saved = { dir: process.env.ALIOT_VIRTUAL_DIR, ps: process.env.ALIOT_PRODUCT_SECRET };
    process.env.ALIOT_VIRTUAL_DIR = base;
    process.env.ALIOT_PRODUCT_SECRET = PS;
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      const code = await main(['node', 'aliot', 'provision', '--virtual', 'cli1', '--product-key', PK, '--device-name-from', 'serial']);
      expect(code).toBe(0);
    } finally {
      vi.restoreAllMocks();
      if (saved.dir === undefined) delete process.env.ALIOT_VIRTUAL_DIR;
      else process.env.ALIOT_VIRTUAL_DIR = saved.dir;
      if (saved.ps === undefined) delete process.env.ALIOT_PRODUCT_SECRET;
      else process.env.ALIOT_PRODUCT_SECRET = saved.ps;
    }
    expect(stdout).toMatch(/record: a1ExpAkj9Hi\/240ac400-2f90, ProductSecret ffFn… \(registers on first boot\); DeviceName from serial/);
    expect(stdout).not.toContain(PS);
    const board = await bootedBoard({ storageDir: join(base, 'cli1') });
    expect(decodeFactoryRecord(stored(board, FACTORY_KEY)!)).toMatchObject({ ok: true, record: { productSecret: PS, deviceNameFormat: 'serial' } });
  });
});
