// Telling the cloud about a provisioned board: the local cloud's admin API (scripts/cloud/admin/api.ts), called
// with the token from the cloud's data dir —
// POST /products/:pk/devices {deviceNames:[…]} → {added, existing} pre-registers a DeviceName for dynamic
// registration; GET /devices/:pk/:dn?secrets=full shows a device (its DeviceSecret in full, compared here, never
// printed) —
// or a CSV for the console's batch import (DeviceName in the first column, an optional DeviceName header).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDeviceCsv } from '../../cloud/cli/csv';

export class CloudRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudRegistrationError';
  }
}

/** Where the admin API is and the token it wants (<dataDir>/admin-token of that cloud). */
export interface AdminApi {
  url: string;
  token: string | null;
}

async function request(api: AdminApi, url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    const headers = { ...(init?.headers as Record<string, string> | undefined), ...(api.token ? { Authorization: `Bearer ${api.token}` } : {}) };
    response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(10000) });
  } catch (error) {
    throw new CloudRegistrationError(`cannot reach the cloud's admin API at ${url}: ${(error as Error).message} (is aliot cloud start running?)`);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new CloudRegistrationError(`${url} answered ${response.status} with something other than JSON: is this the admin API?`);
  }
  if (response.status === 401) {
    throw new CloudRegistrationError(
      `the admin API at ${api.url} refused ${api.token ? 'the token' : 'a call without a token'}: give --cloud-data the data dir of that cloud (its admin-token is read from there)`,
    );
  }
  return { status: response.status, body };
}

function base(cloudUrl: string): string {
  return cloudUrl.replace(/\/+$/, '');
}

/** Pre-registers the DeviceName; resolves 'added' or 'existing'. */
export async function preRegisterDevice(api: AdminApi, productKey: string, deviceName: string): Promise<'added' | 'existing'> {
  const cloudUrl = api.url;
  const url = `${base(cloudUrl)}/products/${encodeURIComponent(productKey)}/devices`;
  const { status, body } = await request(api, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ deviceNames: [deviceName] }),
  });
  if (status === 404) {
    throw new CloudRegistrationError(
      `product ${productKey} is not in the cloud at ${cloudUrl}: add it first (aliot cloud product add --dynreg --product-key ${productKey})`,
    );
  }
  if (status !== 200) throw new CloudRegistrationError(`the cloud refused DeviceName ${deviceName}: ${String(body.error ?? status)}`);
  const added = Array.isArray(body.added) ? body.added : [];
  return added.length > 0 ? 'added' : 'existing';
}

/** For a board with its own DeviceSecret: the cloud must know the device with that same secret. */
export async function checkDeviceInCloud(api: AdminApi, productKey: string, deviceName: string, deviceSecret: string): Promise<void> {
  const cloudUrl = api.url;
  const url = `${base(cloudUrl)}/devices/${encodeURIComponent(productKey)}/${encodeURIComponent(deviceName)}?secrets=full`;
  const { status, body } = await request(api, url);
  if (status === 404) {
    throw new CloudRegistrationError(`device ${productKey}/${deviceName} is not in the cloud at ${cloudUrl}: add it there first and use the DeviceSecret it issues`);
  }
  if (status !== 200) throw new CloudRegistrationError(`the cloud answered ${status} for ${productKey}/${deviceName}: ${String(body.error ?? '')}`);
  if (body.deviceSecret !== deviceSecret) {
    throw new CloudRegistrationError(`the cloud holds another DeviceSecret for ${productKey}/${deviceName} than the one given: the board would be refused`);
  }
}

/** Appends the DeviceName to a batch-import CSV (created with its header); false when it is already listed. */
export function appendDeviceCsv(file: string, deviceName: string): boolean {
  if (!existsSync(file)) {
    writeFileSync(file, 'DeviceName\n');
  } else {
    const text = readFileSync(file, 'utf8');
    if (parseDeviceCsv(text).names.includes(deviceName)) return false;
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
  }
  appendFileSync(file, `${deviceName}\n`);
  return true;
}
