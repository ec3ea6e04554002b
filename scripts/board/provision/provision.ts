// `aliot provision`: the factory certificate record (src/provision/store/factory.ts, Storage file "aliot.factory")
// written into the board over the REPL. The line that carries it starts with \x10, so the board never echoes it,
// and it is verified by the hash the board computes over the file, so the secret never travels back either.
// With a ProductSecret and no DeviceName, the name is derived on the board at every boot from its identity; the
// tool reads the same identity and derives the same name (src/provision/store/device-name.ts) to report it and
// to pre-register it in the cloud.
import type { DeviceNameFormat } from '../../../hal/types';
import { deriveDeviceName } from '../../../src/provision/store/device-name';
import { encodeFactoryRecord, FACTORY_KEY, type FactoryRecord } from '../../../src/provision/store/factory';
import { maskSecret } from '../../../src/util/mask';
import { jsStringLiteral } from '../../serial/js-literal';
import type { ReplClient } from '../../serial/repl-client';
import { readBoardInfo } from '../upload/board-info';
import { boardDigest, chooseDigest, hostDigest, sameDigest } from '../upload/digest';
import { asHalIdentity, readBoardIdentity, type BoardIdentity } from './identity';

/** Firmware settings (endpoints, never secrets) beside the record: firmware/app/settings.ts. */
export const SETTINGS_KEY = 'aliot.config';
/** Where the runtime keeps what registration gave it (src/provision/store/credential-store.ts). */
export const CREDENTIAL_FILES = ['aliot.cred.a', 'aliot.cred.b', 'aliot.iot.a', 'aliot.iot.b'];

export type ProvisionErrorCode = 'INVALID' | 'IDENTITY' | 'WRITE_REFUSED' | 'VERIFY_FAILED';

export class ProvisionError extends Error {
  constructor(
    readonly code: ProvisionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}

export interface ProvisionRequest {
  productKey: string;
  productSecret?: string;
  deviceName?: string;
  deviceSecret?: string;
  /** Derive the DeviceName in this format when none is given (default: `defaultFormat`). */
  deviceNameFormat?: DeviceNameFormat;
  /** The board descriptor's identity.deviceNameFormat. */
  defaultFormat: DeviceNameFormat;
  /** Written as JSON to aliot.config (e.g. endpoints for a local cloud); must hold no secret. */
  settings?: Record<string, unknown>;
  /** Erase stored credentials first (a board re-provisioned for another device). */
  eraseCredentials?: boolean;
}

export interface ProvisionOutcome {
  productKey: string;
  deviceName: string;
  mode: 'product' | 'device';
  /** Set when the DeviceName is derived on the board. */
  deviceNameFormat?: DeviceNameFormat;
  identity: BoardIdentity;
  /** The record was already on the board, byte for byte. */
  unchanged: boolean;
  /** Credential files found on the board (after erasing, when asked to). */
  credentials: string[];
}

export function factoryRecordFor(request: ProvisionRequest, identity: BoardIdentity): { record: FactoryRecord; deviceName: string; format?: DeviceNameFormat } {
  const { productKey, productSecret, deviceSecret } = request;
  if (deviceSecret !== undefined) {
    if (request.deviceName === undefined) throw new ProvisionError('INVALID', 'a DeviceSecret belongs to one DeviceName: give --device-name too');
    return { record: { productKey, deviceName: request.deviceName, deviceSecret }, deviceName: request.deviceName };
  }
  if (productSecret === undefined) throw new ProvisionError('INVALID', 'give --product-secret (one certificate per product) or --device-name with --device-secret');
  if (request.deviceName !== undefined) return { record: { productKey, productSecret, deviceName: request.deviceName }, deviceName: request.deviceName };
  const format = request.deviceNameFormat ?? request.defaultFormat;
  const derived = deriveDeviceName(asHalIdentity(identity), format);
  if (!derived.ok) throw new ProvisionError('IDENTITY', `cannot name this board (${format}): ${derived.message}`);
  return { record: { productKey, productSecret, deviceNameFormat: format }, deviceName: derived.value, format };
}

function checkSettings(settings: Record<string, unknown>): string {
  const json = JSON.stringify(settings);
  if (/secret|password|token/i.test(Object.keys(settings).join(','))) throw new ProvisionError('INVALID', 'settings must not hold secrets: those go in the factory record only');
  return json;
}

async function writeVerified(repl: ReplClient, name: string, value: string, algorithm: ReturnType<typeof chooseDigest>): Promise<boolean> {
  const expected = hostDigest(value, algorithm);
  if (sameDigest(await boardDigest(repl, name, algorithm), expected)) return false;
  const ok = await repl.call<boolean>(`require("Storage").write(${JSON.stringify(name)},${jsStringLiteral(value)})`);
  if (ok !== true) throw new ProvisionError('WRITE_REFUSED', `the board refused to write ${name} (Storage.write returned ${String(ok)}): is Storage full?`);
  const written = await boardDigest(repl, name, algorithm);
  if (!sameDigest(written, expected)) throw new ProvisionError('VERIFY_FAILED', `${name} on the board differs from what was sent (${algorithm}): the serial link changed data; provision again`);
  return true;
}

export async function provisionBoard(repl: ReplClient, request: ProvisionRequest): Promise<ProvisionOutcome> {
  await repl.sync();
  const identity = await readBoardIdentity(repl);
  const { record, deviceName, format } = factoryRecordFor(request, identity);
  const encoded = encodeFactoryRecord(record);
  if (!encoded.ok) throw new ProvisionError('INVALID', `the factory record is not valid: ${encoded.message}`);
  const info = await readBoardInfo(repl);
  const algorithm = chooseDigest(info);
  const list = JSON.stringify(CREDENTIAL_FILES);
  if (request.eraseCredentials) {
    await repl.call(`(function(S,l){for(var i=0;i<l.length;i++)S.erase(l[i]);return true})(require("Storage"),${list})`);
  }
  const credentials = await repl.call<string[]>(
    `(function(S,l){var r=[];for(var i=0;i<l.length;i++)if(S.read(l[i])!==undefined)r.push(l[i]);return r})(require("Storage"),${list})`,
  );
  const changed = await writeVerified(repl, FACTORY_KEY, encoded.value, algorithm);
  if (request.settings) await writeVerified(repl, SETTINGS_KEY, checkSettings(request.settings), algorithm);
  return {
    productKey: record.productKey,
    deviceName,
    mode: record.deviceSecret !== undefined ? 'device' : 'product',
    ...(format ? { deviceNameFormat: format } : {}),
    identity,
    unchanged: !changed,
    credentials,
  };
}

/** One line about the record for people: secrets masked. */
export function describeRecord(request: Pick<ProvisionRequest, 'productKey' | 'productSecret' | 'deviceSecret'>, deviceName: string): string {
  return request.deviceSecret !== undefined
    ? `${request.productKey}/${deviceName}, DeviceSecret ${maskSecret(request.deviceSecret)}`
    : `${request.productKey}/${deviceName}, ProductSecret ${maskSecret(request.productSecret)} (registers on first boot)`;
}
