// `aliot cloud product …` and `aliot cloud device …`: console operations on a data dir. Writes go through the
// running cloud's admin API when there is one (backend.ts), else into SQLite directly; reads always come from
// SQLite (WAL mode: fine beside a running cloud). Secrets are masked unless --show-secret is given.

import { readFileSync } from 'node:fs';
import type { Region } from '../../../src/auth/index';
import { maskSecret } from '../../../src/util/mask';
import { deviceView, productView, type DeviceView, type ProductView } from '../admin/views';
import { Registry } from '../registry/index';
import { CliInputError, openBackend, type ConsoleBackend } from './backend';
import { DeviceCsvError, parseDeviceCsv, type CsvNames } from './csv';
import { dataDirOf } from './data-dir';
import { table } from './table';

export { CliInputError };

export interface CommonFlags {
  data?: string;
  json?: boolean;
  showSecret?: boolean;
}

async function withBackend<T>(flags: CommonFlags, run: (backend: ConsoleBackend) => Promise<T>): Promise<T> {
  const backend = await openBackend(dataDirOf(flags.data));
  try {
    return await run(backend);
  } finally {
    backend.close();
  }
}

function withRegistry<T>(flags: CommonFlags, run: (registry: Registry) => T): T {
  const registry = Registry.open(dataDirOf(flags.data));
  try {
    return run(registry);
  } finally {
    registry.close();
  }
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

function shownProduct(p: ProductView, show: boolean): ProductView {
  return show ? p : { ...p, productSecret: maskSecret(p.productSecret) };
}

function shownDevice(d: DeviceView, show: boolean): DeviceView {
  return show || d.deviceSecret === null ? d : { ...d, deviceSecret: maskSecret(d.deviceSecret) };
}

export function productAdd(flags: CommonFlags & { dynreg?: boolean; region?: string; productKey?: string }): Promise<string> {
  return withBackend(flags, async (backend) => {
    const added = await backend.addProduct({
      productKey: flags.productKey,
      dynamicRegistration: flags.dynreg === true,
      region: flags.region as Region | undefined,
    });
    const view = shownProduct(added, flags.showSecret === true);
    if (flags.json) return json(view);
    return (
      `product ${view.productKey} added\n` +
      `  ProductSecret          ${view.productSecret}${flags.showSecret ? '' : '  (--show-secret to print it)'}\n` +
      `  dynamic registration   ${view.dynamicRegistration ? 'on' : 'off'}\n` +
      `  region                 ${view.region}\n`
    );
  });
}

export function productList(flags: CommonFlags): string {
  return withRegistry(flags, (registry) => {
    const views = registry.products.list().map((p) => productView(p, flags.showSecret === true));
    if (flags.json) return json(views);
    const rows = views.map((p) => [p.productKey, p.productSecret, p.dynamicRegistration ? 'on' : 'off', p.region]);
    return table(['PRODUCTKEY', 'PRODUCTSECRET', 'DYNREG', 'REGION'], rows);
  });
}

export function deviceAdd(productKey: string, names: string[], flags: CommonFlags & { csv?: string }): Promise<string> {
  const all = names.slice();
  if (flags.csv) {
    let parsed: CsvNames;
    try {
      parsed = parseDeviceCsv(readFileSync(flags.csv, 'utf8'));
    } catch (error) {
      if (error instanceof DeviceCsvError) throw new CliInputError(`${flags.csv}: ${error.message}`);
      throw error;
    }
    if (parsed.emptyRows.length > 0) throw new CliInputError(`${flags.csv}: empty DeviceName on line ${parsed.emptyRows.join(', ')}`);
    all.push(...parsed.names);
  }
  if (all.length === 0) throw new CliInputError('give device names or --csv FILE');
  return withBackend(flags, async (backend) => {
    const result = await backend.addDevices(productKey, all);
    const show = flags.showSecret === true;
    const added = result.added.map((d) => shownDevice(d, show));
    if (flags.json) return json({ added, existing: result.existing });
    let out = `${added.length} device(s) added to ${productKey}`;
    out += result.existing.length > 0 ? `, ${result.existing.length} already there (${result.existing.map((d) => d.deviceName).join(', ')})\n` : '\n';
    const rows = added.map((d) => [d.deviceName, d.deviceSecret ?? '(issued by dynamic registration)']);
    if (rows.length > 0) out += table(['DEVICENAME', 'DEVICESECRET'], rows);
    return out;
  });
}

export function deviceReset(productKey: string, deviceName: string, flags: CommonFlags): Promise<string> {
  return withBackend(flags, async (backend) => {
    const device = await backend.resetDevice(productKey, deviceName);
    if (flags.json) return json(device);
    return `ResetThing ${productKey}/${deviceName}: registration allowed again (state stays ${device.state})\n`;
  });
}

export function deviceList(productKey: string | undefined, flags: CommonFlags): string {
  return withRegistry(flags, (registry) => {
    const views = registry.devices.list(productKey).map((d) => deviceView(d, flags.showSecret === true));
    if (flags.json) return json(views);
    const rows = views.map((d) => [
      d.productKey,
      d.deviceName,
      d.state,
      d.online ? 'online' : 'offline',
      d.registration,
      d.deviceSecret ?? '-',
    ]);
    return table(['PRODUCTKEY', 'DEVICENAME', 'STATE', 'ONLINE', 'REGISTRATION', 'DEVICESECRET'], rows);
  });
}
