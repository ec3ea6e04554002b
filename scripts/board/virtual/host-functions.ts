// The host functions the VM modules (./vm/*.js) close over. Strings crossing here are 8-bit (latin1);
// bytes cross as Uint8Array. Nothing here runs VM code.
import { createHash } from 'node:crypto';
import type { HostFunction } from '../profile';
import type { ResetMode } from './boot';
import type { NativeHeap } from './native-heap';
import type { ConnectRequest, VirtualNetwork } from './network';
import type { StorageModel } from './storage-model';
import type { WallClock } from './wall-clock';

export interface HostContext {
  storage: StorageModel;
  network: VirtualNetwork;
  heap: NativeHeap;
  wall: WallClock;
  /** "aa:bb:cc:dd:ee:ff" */
  mac: string;
  serialNumber: string;
  wifi: { connected?: boolean; ip?: string; netmask?: string; gw?: string };
  requestReset(mode: ResetMode, file?: string): void;
  /** Wifi.setSNTP was called: the clock will be set shortly. */
  afterSntp(): void;
}

const HASHES = new Set(['sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

const latin1 = (text: unknown): Uint8Array => new Uint8Array(Buffer.from(String(text), 'latin1'));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

export function buildHostFunctions(ctx: HostContext): Record<string, HostFunction> {
  const wifiConnected = ctx.wifi.connected ?? true;
  return {
    // require("Storage")
    storageWrite: (name, data, offset, size) => ctx.storage.write(String(name), latin1(data), Number(offset), Number(size)),
    storageRead: (name, offset, length) => {
      const bytes = ctx.storage.read(String(name), Number(offset), Number(length));
      return bytes === undefined ? undefined : text(bytes);
    },
    storageErase: (name) => ctx.storage.erase(String(name)),
    storageEraseAll: () => ctx.storage.eraseAll(),
    storageList: () => ctx.storage.list(),
    storageGetFree: () => ctx.storage.getFree(),
    storageGetStats: () => ctx.storage.getStats(),
    storageCompact: () => ctx.storage.compact(),
    // require("net") / require("tls")
    netConnect: (request) => ctx.network.connect(request as ConnectRequest),
    netWrite: (id, data) => ctx.network.write(Number(id), String(data)),
    netEnd: (id) => ctx.network.end(Number(id)),
    // require("Wifi"), getSerial(), ESP32
    wifiGetIP: () =>
      wifiConnected
        ? { ip: ctx.wifi.ip ?? '192.168.4.2', netmask: ctx.wifi.netmask ?? '255.255.255.0', gw: ctx.wifi.gw ?? '192.168.4.1', mac: ctx.mac }
        : { netmask: '0.0.0.0', mac: ctx.mac },
    wifiGetStatus: () => ({
      status: wifiConnected ? 'connected' : 'off',
      ap: 'disabled',
      mode: wifiConnected ? 'sta' : 'off',
      phy: '11n',
      powersave: 'none',
      savedMode: 'off',
    }),
    sntp: () => {
      if (wifiConnected && ctx.wall.followsSntp) ctx.afterSntp();
    },
    serial: () => ctx.serialNumber,
    espState: () => ({ sdkVersion: 'v3.3.1', BLE: false, Wifi: wifiConnected, ...ctx.heap.state() }),
    // require("crypto")
    hash: (algorithm, data) => {
      const name = String(algorithm);
      if (!HASHES.has(name)) throw new Error(`no hash ${name}`);
      return new Uint8Array(createHash(name).update(latin1(data)).digest());
    },
    // Date.now(), load(), reset(), E.reboot()
    wallNow: () => ctx.wall.now(),
    requestReset: (mode, file) => ctx.requestReset(mode as ResetMode, file === undefined ? undefined : String(file)),
  };
}
