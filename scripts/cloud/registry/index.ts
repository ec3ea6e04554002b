// The registry: products, devices and their life cycle, durable in <dataDir>/registry.sqlite3.

import { Devices } from './devices';
import { Lifecycle } from './lifecycle';
import { Products } from './products';
import { openDatabase, type Db } from './schema';

export type { Product, Device, DeviceState, Outcome, RegistryRefusal } from './types';
export type { NewProduct } from './products';
export type { AddDevicesResult } from './devices';
export type { Registration, TokenRegistration, Login, IotToken } from './lifecycle';
export { IOT_TOKEN_TTL_MS } from './lifecycle';
export { RegistryError, type RegistryErrorKind } from './errors';
export { REGISTRY_FILE } from './schema';

export class Registry {
  readonly products: Products;
  readonly devices: Devices;
  readonly lifecycle: Lifecycle;

  private constructor(private readonly db: Db) {
    this.products = new Products(db);
    this.devices = new Devices(db);
    this.lifecycle = new Lifecycle(db);
  }

  /** Opens (or creates) the registry of a data dir. Several may be open on one dir, in one or more processes. */
  static open(dataDir: string): Registry {
    return new Registry(openDatabase(dataDir));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
