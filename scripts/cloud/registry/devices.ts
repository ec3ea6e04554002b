// Devices as the console manages them: add (single or batch, as the CSV import does), look up, list, ResetThing,
// and the online flag the broker keeps.

import { check } from '../../../src/auth/index';
import { newDeviceSecret } from '../secrets';
import { RegistryError } from './errors';
import { toDevice, type DeviceRow, type ProductRow } from './rows';
import type { Db } from './schema';
import type { Device } from './types';

export interface AddDevicesResult {
  /** Created now, in the order given. */
  added: Device[];
  /** Already there (left as they were). */
  existing: Device[];
}

export class Devices {
  constructor(private readonly db: Db) {}

  /**
   * Pre-registers devices. Products without dynamic registration get a DeviceSecret per device at once (unique
   * certificate per device); with dynamic registration the secret is issued by registration. All or nothing:
   * one invalid name adds none.
   */
  add(productKey: string, deviceNames: string[], now: number): AddDevicesResult {
    for (const name of deviceNames) {
      const error = check('deviceName', name);
      if (error) throw new RegistryError('invalid', error.message);
    }
    const run = this.db.transaction((): AddDevicesResult => {
      const product = this.db.prepare<ProductRow>('SELECT * FROM products WHERE product_key = ?').get(productKey);
      if (!product) throw new RegistryError('not-found', `product ${productKey} not found`);
      const insert = this.db.prepare(
        'INSERT INTO devices (product_key, device_name, device_secret, state, created_at) VALUES (?, ?, ?, ?, ?)',
      );
      const result: AddDevicesResult = { added: [], existing: [] };
      const seen = new Set<string>();
      for (const name of deviceNames) {
        if (seen.has(name)) continue;
        seen.add(name);
        const existing = this.get(productKey, name);
        if (existing) {
          result.existing.push(existing);
          continue;
        }
        const secret = product.dynamic_registration === 1 ? null : newDeviceSecret();
        insert.run(productKey, name, secret, 'unactivated', now);
        result.added.push(this.get(productKey, name) as Device);
      }
      return result;
    });
    return run.immediate();
  }

  get(productKey: string, deviceName: string): Device | undefined {
    const row = this.db
      .prepare<DeviceRow>('SELECT * FROM devices WHERE product_key = ? AND device_name = ?')
      .get(productKey, deviceName);
    return row ? toDevice(row) : undefined;
  }

  findByIotId(iotId: string): Device | undefined {
    const row = this.db.prepare<DeviceRow>('SELECT * FROM devices WHERE iot_id = ?').get(iotId);
    return row ? toDevice(row) : undefined;
  }

  /** All devices, or a product's, in the order they were added. */
  list(productKey?: string): Device[] {
    const rows =
      productKey === undefined
        ? this.db.prepare<DeviceRow>('SELECT * FROM devices ORDER BY product_key, created_at, rowid').all()
        : this.db.prepare<DeviceRow>('SELECT * FROM devices WHERE product_key = ? ORDER BY created_at, rowid').all(productKey);
    return rows.map(toDevice);
  }

  /**
   * ResetThing: resets the registration state only (protocol.md §1), so the device may register again. The
   * activation state and the current secret stay; the next registration replaces the secret.
   */
  reset(productKey: string, deviceName: string): Device {
    const r = this.db
      .prepare('UPDATE devices SET registration_locked = 0 WHERE product_key = ? AND device_name = ?')
      .run(productKey, deviceName);
    if (r.changes === 0) throw new RegistryError('not-found', `device ${productKey}/${deviceName} not found`);
    return this.get(productKey, deviceName) as Device;
  }

  setOnline(productKey: string, deviceName: string, online: boolean, now: number): void {
    this.db
      .prepare(
        'UPDATE devices SET online = ?, last_online_at = CASE WHEN ? = 1 THEN ? ELSE last_online_at END ' +
          'WHERE product_key = ? AND device_name = ?',
      )
      .run(online ? 1 : 0, online ? 1 : 0, now, productKey, deviceName);
  }

  /** At start-up: nobody is connected to a cloud that was not running. */
  markAllOffline(): void {
    this.db.prepare('UPDATE devices SET online = 0 WHERE online = 1').run();
  }
}
