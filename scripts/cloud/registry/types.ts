// What the registry holds: products and devices, as the rest of the cloud sees them.

import type { Region } from '../../../src/auth/index';

export interface Product {
  productKey: string;
  productSecret: string;
  /** Dynamic registration ("unique certificate per product") switched on in the console. */
  dynamicRegistration: boolean;
  region: Region;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** unactivated until the first successful MQTT login; ResetThing does not change it back (protocol.md §1). */
export type DeviceState = 'unactivated' | 'active';

export interface Device {
  productKey: string;
  deviceName: string;
  /** Null until issued: by `device add` for products without dynamic registration, else by registration. */
  deviceSecret: string | null;
  state: DeviceState;
  /**
   * Set by the first login after a registration (activation); while set, registration answers 6289.
   * ResetThing clears it (it resets the registration state only).
   */
  registrationLocked: boolean;
  online: boolean;
  createdAt: number;
  registeredAt: number | null;
  activatedAt: number | null;
  lastOnlineAt: number | null;
  /** Registration-free (regnwl) login: the clientId and deviceToken it was given. */
  clientId: string | null;
  deviceToken: string | null;
  /** HTTPS authentication (/auth/devicename): iotId is stable per device, the token is replaced on each call. */
  iotId: string | null;
  iotToken: string | null;
  iotTokenExpiresAt: number | null;
}

/** Why a registry operation said no. */
export type RegistryRefusal =
  | 'product-not-found'
  | 'dynreg-disabled'
  | 'device-not-found'
  | 'already-active'
  | 'no-secret'
  | 'bad-credentials'
  | 'token-expired';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: RegistryRefusal };
