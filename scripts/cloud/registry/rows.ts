// SQLite rows to registry records.

import type { Region } from '../../../src/auth/index';
import type { Device, DeviceState, Product } from './types';

export interface ProductRow {
  product_key: string;
  product_secret: string;
  dynamic_registration: number;
  region: string;
  created_at: number;
}

export interface DeviceRow {
  product_key: string;
  device_name: string;
  device_secret: string | null;
  state: string;
  registration_locked: number;
  online: number;
  created_at: number;
  registered_at: number | null;
  activated_at: number | null;
  last_online_at: number | null;
  client_id: string | null;
  device_token: string | null;
  iot_id: string | null;
  iot_token: string | null;
  iot_token_expires_at: number | null;
}

export function toProduct(row: ProductRow): Product {
  return {
    productKey: row.product_key,
    productSecret: row.product_secret,
    dynamicRegistration: row.dynamic_registration === 1,
    region: row.region as Region,
    createdAt: row.created_at,
  };
}

export function toDevice(row: DeviceRow): Device {
  return {
    productKey: row.product_key,
    deviceName: row.device_name,
    deviceSecret: row.device_secret,
    state: row.state as DeviceState,
    registrationLocked: row.registration_locked === 1,
    online: row.online === 1,
    createdAt: row.created_at,
    registeredAt: row.registered_at,
    activatedAt: row.activated_at,
    lastOnlineAt: row.last_online_at,
    clientId: row.client_id,
    deviceToken: row.device_token,
    iotId: row.iot_id,
    iotToken: row.iot_token,
    iotTokenExpiresAt: row.iot_token_expires_at,
  };
}
