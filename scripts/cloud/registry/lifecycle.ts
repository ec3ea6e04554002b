// The device life cycle as the protocol drives it: registration (HTTPS or MQTT), login, activation, tokens.
//
// Every step is one IMMEDIATE transaction: it takes SQLite's write lock before reading, so a read-decide-write
// sequence cannot interleave with another one, in this process or in another process on the same data dir.
//
// Concurrent registrations of one device: protocol.md §1 says that before activation "registration may be
// repeated, but only the newest DS is valid". Refusing all but the first of N simultaneous registrations would
// contradict that rule (a device whose first answer was lost could never recover before activating). So each
// registration is serialized by the write lock, each issues a new secret that replaces the previous one, and after
// N simultaneous registrations the registry holds exactly one secret: the one the last transaction issued. Exactly
// one of the N answers therefore logs in; the others are superseded, exactly as if they had come one after another.
// A login verifies and activates in one transaction, so a registration racing a first login either supersedes the
// secret before the login reads it (login refused) or comes after the activation (6289): never both succeed.

import { newDeviceSecret, newIotId, newRegnwlClientId, newToken, sameText } from '../secrets';
import { toDevice, toProduct, type DeviceRow, type ProductRow } from './rows';
import type { Db } from './schema';
import type { Device, Outcome, Product, RegistryRefusal } from './types';

export interface Registration {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
}

export interface TokenRegistration {
  productKey: string;
  deviceName: string;
  clientId: string;
  deviceToken: string;
}

export interface Login {
  device: Device;
  /** True when this login activated the device. */
  activated: boolean;
}

export interface IotToken {
  iotId: string;
  iotToken: string;
  expiresAt: number;
}

/** 7 days (protocol.md §4). */
export const IOT_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function fail(reason: RegistryRefusal): { ok: false; reason: RegistryRefusal } {
  return { ok: false, reason };
}

export class Lifecycle {
  constructor(private readonly db: Db) {}

  private product(productKey: string): Product | undefined {
    const row = this.db.prepare<ProductRow>('SELECT * FROM products WHERE product_key = ?').get(productKey);
    return row ? toProduct(row) : undefined;
  }

  private device(productKey: string, deviceName: string): Device | undefined {
    const row = this.db
      .prepare<DeviceRow>('SELECT * FROM devices WHERE product_key = ? AND device_name = ?')
      .get(productKey, deviceName);
    return row ? toDevice(row) : undefined;
  }

  /** Pre-registered dynamic registration (HTTPS §1, MQTT authType=register §2): a new DeviceSecret. */
  register(productKey: string, deviceName: string, now: number): Outcome<Registration> {
    const run = this.db.transaction((): Outcome<Registration> => {
      const product = this.product(productKey);
      if (!product) return fail('product-not-found');
      if (!product.dynamicRegistration) return fail('dynreg-disabled');
      const device = this.device(productKey, deviceName);
      if (!device) return fail('device-not-found');
      if (device.registrationLocked) return fail('already-active');
      const secret = newDeviceSecret();
      this.db
        .prepare('UPDATE devices SET device_secret = ?, registered_at = ? WHERE product_key = ? AND device_name = ?')
        .run(secret, now, productKey, deviceName);
      return { ok: true, value: { productKey, deviceName, deviceSecret: secret } };
    });
    return run.immediate();
  }

  /**
   * Registration-free dynamic registration (MQTT authType=regnwl, §2): the device need not be pre-registered; it is
   * created on first use. Yields a clientId and deviceToken; the same activation rule applies as for register.
   */
  registerWithoutPreRegistration(productKey: string, deviceName: string, now: number): Outcome<TokenRegistration> {
    const run = this.db.transaction((): Outcome<TokenRegistration> => {
      const product = this.product(productKey);
      if (!product) return fail('product-not-found');
      if (!product.dynamicRegistration) return fail('dynreg-disabled');
      const device = this.device(productKey, deviceName);
      if (device && device.registrationLocked) return fail('already-active');
      if (!device) {
        this.db
          .prepare('INSERT INTO devices (product_key, device_name, state, created_at) VALUES (?, ?, ?, ?)')
          .run(productKey, deviceName, 'unactivated', now);
      }
      const clientId = newRegnwlClientId(productKey, deviceName);
      const token = newToken();
      this.db
        .prepare(
          'UPDATE devices SET client_id = ?, device_token = ?, registered_at = ? WHERE product_key = ? AND device_name = ?',
        )
        .run(clientId, token, now, productKey, deviceName);
      return { ok: true, value: { productKey, deviceName, clientId, deviceToken: token } };
    });
    return run.immediate();
  }

  /**
   * Login with the DeviceSecret (§3): `verify` checks the password against the stored secret inside the
   * transaction; success activates the device and locks registration.
   */
  loginWithSecret(productKey: string, deviceName: string, verify: (secret: string) => boolean, now: number): Outcome<Login> {
    const run = this.db.transaction((): Outcome<Login> => {
      const device = this.device(productKey, deviceName);
      if (!device || !this.product(productKey)) return fail('device-not-found');
      if (device.deviceSecret === null) return fail('no-secret');
      if (!verify(device.deviceSecret)) return fail('bad-credentials');
      return { ok: true, value: this.activate(device, now) };
    });
    return run.immediate();
  }

  /** Login after registration-free registration (authType=connwl, §2): clientId and deviceToken must match. */
  loginWithDeviceToken(productKey: string, deviceName: string, clientId: string, token: string, now: number): Outcome<Login> {
    const run = this.db.transaction((): Outcome<Login> => {
      const device = this.device(productKey, deviceName);
      if (!device) return fail('device-not-found');
      if (device.deviceToken === null || device.clientId === null) return fail('no-secret');
      if (!sameText(device.clientId, clientId) || !sameText(device.deviceToken, token)) return fail('bad-credentials');
      return { ok: true, value: this.activate(device, now) };
    });
    return run.immediate();
  }

  /** HTTPS authentication (§4) succeeded: a fresh iotToken valid for 7 days (the iotId stays once issued). */
  issueIotToken(productKey: string, deviceName: string, now: number): Outcome<IotToken> {
    const run = this.db.transaction((): Outcome<IotToken> => {
      const device = this.device(productKey, deviceName);
      if (!device) return fail('device-not-found');
      const iotId = device.iotId ?? newIotId();
      const token = newToken();
      const expiresAt = now + IOT_TOKEN_TTL_MS;
      this.db
        .prepare(
          'UPDATE devices SET iot_id = ?, iot_token = ?, iot_token_expires_at = ? WHERE product_key = ? AND device_name = ?',
        )
        .run(iotId, token, expiresAt, productKey, deviceName);
      return { ok: true, value: { iotId, iotToken: token, expiresAt } };
    });
    return run.immediate();
  }

  /** MQTT login with iotId/iotToken (securemode -1 / 0, §4). */
  loginWithIotToken(iotId: string, token: string, now: number): Outcome<Login> {
    const run = this.db.transaction((): Outcome<Login> => {
      const row = this.db.prepare<DeviceRow>('SELECT * FROM devices WHERE iot_id = ?').get(iotId);
      if (!row) return fail('device-not-found');
      const device = toDevice(row);
      if (device.iotToken === null || !sameText(device.iotToken, token)) return fail('bad-credentials');
      if (device.iotTokenExpiresAt === null || device.iotTokenExpiresAt <= now) return fail('token-expired');
      return { ok: true, value: this.activate(device, now) };
    });
    return run.immediate();
  }

  /** First login: active, with a time; every login locks registration until ResetThing. Call inside a transaction. */
  private activate(device: Device, now: number): Login {
    const activated = device.state !== 'active';
    this.db
      .prepare(
        "UPDATE devices SET state = 'active', activated_at = COALESCE(activated_at, ?), registration_locked = 1 " +
          'WHERE product_key = ? AND device_name = ?',
      )
      .run(now, device.productKey, device.deviceName);
    return { device: this.device(device.productKey, device.deviceName) as Device, activated };
  }
}
