// Where the console commands write: through the running cloud's admin API when `<dataDir>/cloud.json` names
// one that answers to the data dir's admin token (so the change shows on its live event stream), else straight
// into the data dir's SQLite.

import { ConsoleOperations } from '../admin/operations';
import { deviceView, productView, type DeviceView, type ProductView } from '../admin/views';
import { runningCloud, type AdminEndpoint } from '../running';
import { Registry, RegistryError, type NewProduct } from '../registry/index';

/** A refusal the user can fix: printed without a stack, exit code 2. */
export class CliInputError extends Error {}

/** Writes of the console commands; views carry secrets in full (the caller masks them for display). */
export interface ConsoleBackend {
  /** 'api' when the running cloud took the change. */
  readonly via: 'api' | 'sqlite';
  addProduct(input: NewProduct): Promise<ProductView>;
  addDevices(productKey: string, names: string[]): Promise<{ added: DeviceView[]; existing: DeviceView[] }>;
  resetDevice(productKey: string, deviceName: string): Promise<DeviceView>;
  close(): void;
}

function localBackend(dataDir: string): ConsoleBackend {
  const registry = Registry.open(dataDir);
  const ops = new ConsoleOperations(registry, null);
  const guard = async <T>(run: () => T): Promise<T> => {
    try {
      return run();
    } catch (error) {
      if (error instanceof RegistryError) throw new CliInputError(error.message);
      throw error;
    }
  };
  return {
    via: 'sqlite',
    addProduct: (input) => guard(() => productView(ops.addProduct(input), true)),
    addDevices: (pk, names) =>
      guard(() => {
        const r = ops.addDevices(pk, names);
        return { added: r.added.map((d) => deviceView(d, true)), existing: r.existing.map((d) => deviceView(d, false)) };
      }),
    resetDevice: (pk, dn) => guard(() => deviceView(ops.resetDevice(pk, dn), false)),
    close: () => registry.close(),
  };
}

function apiBackend({ base, token }: AdminEndpoint): ConsoleBackend {
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    // secrets=full: the views come back whole and the caller masks them for display (as the SQLite backend does).
    const res = await fetch(`${base}${path}?secrets=full`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string };
    if (res.status >= 400 && res.status < 500) throw new CliInputError(json.error ?? `admin API answered ${res.status}`);
    if (!res.ok) throw new Error(json.error ?? `admin API answered ${res.status}`);
    return json;
  };
  const path = (...parts: string[]): string => '/' + parts.map(encodeURIComponent).join('/');
  return {
    via: 'api',
    addProduct: (input) => call<ProductView>('/products', input),
    addDevices: (pk, names) => call(path('products', pk, 'devices'), { deviceNames: names }),
    resetDevice: (pk, dn) => call<DeviceView>(path('devices', pk, dn, 'reset')),
    close: () => {},
  };
}

export async function openBackend(dataDir: string): Promise<ConsoleBackend> {
  const endpoint = await runningCloud(dataDir);
  return endpoint ? apiBackend(endpoint) : localBackend(dataDir);
}
