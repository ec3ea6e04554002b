// The factory certificate record (key 'aliot.factory'), written once by the provisioning tools and only ever read
// by the runtime. Two kinds of device (protocol.md Terms):
//   one secret per device:  ProductKey + DeviceName + DeviceSecret → connect directly;
//   one secret per product: ProductKey + ProductSecret (+ DeviceName, or a format to derive it) → register first.
// Record format F1 (record.ts framing, seq 0), body fields:
//   [productKey, productSecret, deviceName, deviceSecret, deviceNameFormat], '' for absent.
// When both secrets are present the DeviceSecret wins (no registration is needed).

import type { DeviceNameFormat, Hal } from '../../../hal/types';
import { check } from '../../auth/validate';
import { deriveDeviceName } from './device-name';
import { decodeFields, encodeFields } from './fields';
import { decodeRecord, encodeRecord } from './record';

export const FACTORY_KEY = 'aliot.factory';
export const FACTORY_TAG = 'F1';

/** The record as the tools write it. */
export interface FactoryRecord {
  productKey: string;
  productSecret?: string;
  deviceName?: string;
  deviceSecret?: string;
  /** How to derive the DeviceName when the record names none; default: the board descriptor's format. */
  deviceNameFormat?: DeviceNameFormat;
}

/** What the runtime works with: the mode and a complete identity. */
export type FactoryCertificate =
  | { mode: 'device'; productKey: string; deviceName: string; deviceSecret: string }
  | { mode: 'product'; productKey: string; deviceName: string; productSecret: string };

/**
 * OK: a usable certificate. EMPTY: no record (the board was not provisioned). CORRUPT: a record that fails its
 * framing or CRC. INVALID: a well-formed record whose content cannot be used (the message names the field).
 */
export type FactoryResult =
  | { status: 'OK'; certificate: FactoryCertificate }
  | { status: 'EMPTY' }
  | { status: 'CORRUPT'; message: string }
  | { status: 'INVALID'; message: string };

export type FactoryEncodeResult = { ok: true; value: string } | { ok: false; message: string };

/** Why the record cannot be used, or null. */
export function checkFactoryRecord(r: FactoryRecord): string | null {
  const error =
    check('productKey', r.productKey) ||
    (r.productSecret === undefined ? null : check('productSecret', r.productSecret)) ||
    (r.deviceSecret === undefined ? null : check('deviceSecret', r.deviceSecret)) ||
    (r.deviceName === undefined ? null : check('deviceName', r.deviceName));
  if (error !== null) return error.message;
  if (r.productSecret === undefined && r.deviceSecret === undefined) return 'the record holds neither a DeviceSecret nor a ProductSecret';
  const f = r.deviceNameFormat;
  // The four of DEVICE_NAME_FORMATS, spelled out so the list itself stays out of the image.
  if (f !== undefined && f !== 'mac-upper' && f !== 'mac-lower' && f !== 'mac-colon' && f !== 'serial') return 'unknown deviceNameFormat ' + f;
  return null;
}

/** The record's KV value, for the provisioning tools (the runtime never writes it). */
export function encodeFactoryRecord(r: FactoryRecord): FactoryEncodeResult {
  const invalid = checkFactoryRecord(r);
  if (invalid !== null) return { ok: false, message: invalid };
  const opt = function (v: string | undefined): string {
    return v === undefined ? '' : v;
  };
  const body = encodeFields([r.productKey, opt(r.productSecret), opt(r.deviceName), opt(r.deviceSecret), opt(r.deviceNameFormat)]);
  return { ok: true, value: encodeRecord(FACTORY_TAG, 0, body) };
}

/** The record in a KV value, or why it is not one. */
export function decodeFactoryRecord(text: string): { ok: true; record: FactoryRecord } | { ok: false; corrupt: boolean; message: string } {
  const framed = decodeRecord(FACTORY_TAG, text);
  if (!framed.ok) return { ok: false, corrupt: true, message: 'the factory record is damaged (' + framed.reason + ')' };
  const f = decodeFields(framed.body, 5);
  if (f === null) return { ok: false, corrupt: true, message: 'the factory record does not hold its five fields' };
  const r: FactoryRecord = { productKey: f[0] };
  if (f[1] !== '') r.productSecret = f[1];
  if (f[2] !== '') r.deviceName = f[2];
  if (f[3] !== '') r.deviceSecret = f[3];
  if (f[4] !== '') r.deviceNameFormat = f[4] as DeviceNameFormat;
  const invalid = checkFactoryRecord(r);
  return invalid === null ? { ok: true, record: r } : { ok: false, corrupt: false, message: 'the factory record is unusable: ' + invalid };
}

/**
 * Reads the factory certificate. The DeviceName is the record's, else derived from the board's identity with the
 * record's format, else with `defaultFormat` (the board descriptor's identity.deviceNameFormat).
 */
export function readFactoryCertificate(hal: Pick<Hal, 'kv' | 'identity'>, defaultFormat: DeviceNameFormat, key?: string): FactoryResult {
  const text = hal.kv.get(key === undefined ? FACTORY_KEY : key);
  if (text === undefined || text === '') return { status: 'EMPTY' };
  const decoded = decodeFactoryRecord(text);
  if (!decoded.ok) return decoded.corrupt ? { status: 'CORRUPT', message: decoded.message + ': provision the board again' } : { status: 'INVALID', message: decoded.message };
  const r = decoded.record;
  let deviceName = r.deviceName;
  if (deviceName === undefined) {
    const derived = deriveDeviceName(hal.identity, r.deviceNameFormat === undefined ? defaultFormat : r.deviceNameFormat);
    if (!derived.ok) return { status: 'INVALID', message: derived.message };
    deviceName = derived.value;
  }
  if (r.deviceSecret !== undefined) return { status: 'OK', certificate: { mode: 'device', productKey: r.productKey, deviceName: deviceName, deviceSecret: r.deviceSecret } };
  return { status: 'OK', certificate: { mode: 'product', productKey: r.productKey, deviceName: deviceName, productSecret: r.productSecret as string } };
}
