// Registry records as the admin API and CLI show them: secrets masked unless asked for in full.

import { maskSecret } from '../../../src/util/mask';
import type { Device, Product } from '../registry/index';

export interface ProductView {
  productKey: string;
  productSecret: string;
  dynamicRegistration: boolean;
  region: string;
  createdAt: string;
}

export interface DeviceView {
  productKey: string;
  deviceName: string;
  deviceSecret: string | null;
  state: string;
  registration: 'open' | 'locked';
  online: boolean;
  createdAt: string;
  registeredAt: string | null;
  activatedAt: string | null;
  lastOnlineAt: string | null;
  iotId: string | null;
  clientId: string | null;
}

function time(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function productView(p: Product, showSecret: boolean): ProductView {
  return {
    productKey: p.productKey,
    productSecret: showSecret ? p.productSecret : maskSecret(p.productSecret),
    dynamicRegistration: p.dynamicRegistration,
    region: p.region,
    createdAt: time(p.createdAt) as string,
  };
}

export function deviceView(d: Device, showSecret: boolean): DeviceView {
  return {
    productKey: d.productKey,
    deviceName: d.deviceName,
    deviceSecret: d.deviceSecret === null ? null : showSecret ? d.deviceSecret : maskSecret(d.deviceSecret),
    state: d.state,
    registration: d.registrationLocked ? 'locked' : 'open',
    online: d.online,
    createdAt: time(d.createdAt) as string,
    registeredAt: time(d.registeredAt),
    activatedAt: time(d.activatedAt),
    lastOnlineAt: time(d.lastOnlineAt),
    iotId: d.iotId,
    clientId: d.clientId,
  };
}
