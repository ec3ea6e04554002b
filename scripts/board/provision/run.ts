// `aliot provision`: one board, or a factory run over many. Secrets come from the flags, from stdin ('-'), or
// from ALIOT_PRODUCT_SECRET / ALIOT_DEVICE_SECRET (so they stay out of shell history); they are never printed.
import type { DeviceNameFormat } from '../../../hal/types';
import { findBoard } from '../../../boards/index';
import { DEVICE_NAME_FORMATS } from '../../../src/provision/store/device-name';
import { localCloudSettings, openBoardPort, openSerialBoardPort, openVirtualBoardPort, type BoardPort, type PortSelection, type VirtualPortOptions } from '../../serial/board-port';
import { ReplClient } from '../../serial/repl-client';
import { defaultDataDir } from '../../cloud/cli/data-dir';
import { readAdminToken } from '../../cloud/admin/token';
import { appendDeviceCsv, checkDeviceInCloud, preRegisterDevice } from './cloud';
import { runFactory, serialBoardSource, virtualBoardSource, type FactoryResult } from './factory';
import { describeRecord, provisionBoard, type ProvisionOutcome, type ProvisionRequest } from './provision';

export interface ProvisionCommandOptions extends PortSelection {
  productKey: string;
  productSecret?: string;
  deviceName?: string;
  deviceSecret?: string;
  deviceNameFrom?: string;
  board?: string;
  cloud?: string;
  /** The data dir of the cloud at `cloud`, whose admin-token is sent (default $ALIOT_CLOUD_DATA or ~/.aliot/cloud). */
  cloudData?: string;
  csv?: string;
  /** JSON for aliot.config (endpoints). */
  settings?: string;
  eraseCredentials?: boolean;
  reboot?: boolean;
  factory?: boolean;
  count?: number;
}

export interface ProvisionDeps {
  out?: (text: string) => void;
  readStdinLine?: () => Promise<string>;
  env?: NodeJS.ProcessEnv;
  port?: BoardPort;
  virtualOptions?: VirtualPortOptions;
}

/** 'mac' means the board descriptor's MAC format family default: upper-case hex without separators. */
export function parseDeviceNameFrom(value: string | undefined): DeviceNameFormat | undefined {
  if (value === undefined) return undefined;
  if (value === 'mac') return 'mac-upper';
  if ((DEVICE_NAME_FORMATS as string[]).includes(value)) return value as DeviceNameFormat;
  throw new Error(`--device-name-from must be mac, ${DEVICE_NAME_FORMATS.join(', ')}`);
}

async function stdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(0x0a)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]!.trim();
}

async function secret(flag: string | undefined, envName: string, deps: ProvisionDeps): Promise<string | undefined> {
  if (flag === '-') return (deps.readStdinLine ?? stdinLine)();
  return flag ?? (deps.env ?? process.env)[envName];
}

export async function buildRequest(options: ProvisionCommandOptions, deps: ProvisionDeps = {}): Promise<ProvisionRequest> {
  const board = findBoard(options.board ?? (options.engine ? 'espruino-linux' : 'esp32'));
  if (!board) throw new Error(`unknown board "${options.board}"`);
  const productSecret = await secret(options.productSecret, 'ALIOT_PRODUCT_SECRET', deps);
  const deviceSecret = await secret(options.deviceSecret, 'ALIOT_DEVICE_SECRET', deps);
  if (productSecret !== undefined && deviceSecret !== undefined) {
    throw new Error('give either a ProductSecret (one certificate per product) or a DeviceSecret (one per device), not both');
  }
  if (deviceSecret !== undefined && options.factory) throw new Error('a DeviceSecret belongs to one device: factory mode needs a ProductSecret');
  let settings: Record<string, unknown> | undefined;
  if (options.settings) {
    try {
      settings = JSON.parse(options.settings) as Record<string, unknown>;
    } catch {
      throw new Error('--settings must be a JSON object, e.g. {"authHost":"192.168.1.10","authPort":8443}');
    }
  }
  const format = parseDeviceNameFrom(options.deviceNameFrom);
  return {
    productKey: options.productKey,
    ...(productSecret !== undefined ? { productSecret } : {}),
    ...(deviceSecret !== undefined ? { deviceSecret } : {}),
    ...(options.deviceName !== undefined ? { deviceName: options.deviceName } : {}),
    ...(format ? { deviceNameFormat: format } : {}),
    defaultFormat: board.identity.deviceNameFormat,
    ...(settings ? { settings } : {}),
    ...(options.eraseCredentials ? { eraseCredentials: true } : {}),
  };
}

/** The cloud and CSV steps after a board is provisioned; a summary for the operator. */
async function announce(options: ProvisionCommandOptions, request: ProvisionRequest, outcome: ProvisionOutcome): Promise<string[]> {
  const notes: string[] = [];
  if (options.cloud) {
    const api = { url: options.cloud, token: readAdminToken(options.cloudData ?? defaultDataDir()) };
    if (request.deviceSecret !== undefined) {
      await checkDeviceInCloud(api, outcome.productKey, outcome.deviceName, request.deviceSecret);
      notes.push(`the cloud at ${options.cloud} knows ${outcome.deviceName} with this DeviceSecret`);
    } else {
      const how = await preRegisterDevice(api, outcome.productKey, outcome.deviceName);
      notes.push(`DeviceName ${outcome.deviceName} ${how === 'added' ? 'pre-registered in' : 'was already in'} the cloud at ${options.cloud}`);
    }
  }
  if (options.csv) {
    notes.push(appendDeviceCsv(options.csv, outcome.deviceName) ? `appended to ${options.csv}` : `already listed in ${options.csv}`);
  }
  return notes;
}

function describeIdentity(outcome: ProvisionOutcome): string {
  const id = outcome.identity;
  return [`Espruino ${id.version ?? '?'} ${id.board ?? ''}`.trim(), id.serial ? `serial ${id.serial}` : 'no serial', id.mac ? `MAC ${id.mac}` : 'no MAC'].join(', ');
}

export async function runProvision(options: ProvisionCommandOptions, deps: ProvisionDeps = {}): Promise<ProvisionOutcome | FactoryResult[]> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const request = await buildRequest(options, deps);
  if (options.engine && !request.settings) {
    // The engine resolves host names for real: without --settings it is sent to the local cloud of this machine.
    const settings = localCloudSettings(deps.virtualOptions?.cloudDataDir ?? defaultDataDir());
    if (settings) request.settings = settings;
  }
  if (options.factory) return runFactoryMode(options, request, deps, out);
  const port = deps.port ?? (await openBoardPort(options, deps.virtualOptions));
  const repl = new ReplClient(port.duplex, { label: port.label });
  try {
    out(`Provisioning ${port.label}\n`);
    const outcome = await provisionBoard(repl, request);
    out(`  board: ${describeIdentity(outcome)}\n`);
    out(`  record: ${describeRecord(request, outcome.deviceName)}${outcome.deviceNameFormat ? `; DeviceName from ${outcome.deviceNameFormat}` : ''}\n`);
    out(`  Storage "aliot.factory" ${outcome.unchanged ? 'already held this record' : 'written'} and verified by its hash on the board\n`);
    if (outcome.credentials.length > 0) {
      out(`  note: the board holds a stored credential (${outcome.credentials.join(', ')}); if it is another device's, the firmware halts: use --erase-credentials\n`);
    }
    for (const note of await announce(options, request, outcome)) out(`  ${note}\n`);
    if (options.reboot) {
      await repl.sendLine('E.reboot()');
      out('  rebooted: the firmware starts with this record\n');
    }
    return outcome;
  } finally {
    repl.detach();
    if (!deps.port) await port.close();
  }
}

async function runFactoryMode(options: ProvisionCommandOptions, request: ProvisionRequest, deps: ProvisionDeps, out: (text: string) => void): Promise<FactoryResult[]> {
  let stop = false;
  const onSigint = () => {
    stop = true;
  };
  process.once('SIGINT', onSigint);
  try {
    let source;
    if (options.virtual) {
      const total = options.count ?? 3;
      source = virtualBoardSource((name, mac) => openVirtualBoardPort(name, { ...deps.virtualOptions, mac }), total);
    } else if (options.port) {
      source = serialBoardSource(options.port, (path) => openSerialBoardPort(path, options.baudRate), out, 300, () => stop);
    } else {
      throw new Error('factory mode needs --port <device> or --virtual');
    }
    out(`Factory provisioning for product ${request.productKey}: ${describeRecord(request, '<each board>')}\n`);
    return await runFactory({
      request,
      source,
      ...(options.count !== undefined ? { count: options.count } : {}),
      out,
      stopped: () => stop,
      after: async (outcome) => (await announce(options, request, outcome)).join('; ') || undefined,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
