// startCloud: the whole local cloud on one data dir — registry, TLS material, HTTPS endpoint, MQTT broker
// (TLS + TCP), admin API — and stop() to take it all down. Writes <dataDir>/cloud.json (ports, CA path, host
// map) while running.

import type { Server } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { legacyMqttHost } from '../../src/auth/index';
import { createAdminServer } from './admin/api';
import { loadOrCreateAdminToken } from './admin/token';
import { CloudEvents } from './events';
import { formatEvent } from './format';
import { cloudHostMap, type CloudHostMap } from './host-map';
import { createHttpsServer } from './https/server';
import { listen, startBroker, DEFAULT_REGISTRATION_DROP_MS } from './mqtt/broker';
import { Registry } from './registry/index';
import type { WireLimits } from './mqtt/wire-guard';
import { loadOrCreateTls, type KeyType } from './tls/index';
import { tlsNotices } from './tls/notices';
import { securePrivateDir } from './private-dir';
import { runningCloud, STATE_FILE } from './running';

/** The ports `aliot cloud start` and startCloud use when none are given (the real ones need root: 443, 8883, 1883). */
export const DEFAULT_PORTS = { https: 8443, mqttTls: 8883, mqttTcp: 1883, admin: 8780 } as const;
export { STATE_FILE };

export interface CloudOptions {
  /** Registry, TLS material and cloud.json live here. */
  dataDir: string;
  /** Address the HTTPS and MQTT listeners bind to. Default 127.0.0.1. The admin API is always on 127.0.0.1. */
  host?: string;
  /** Ports; 0 = any free port. Defaults: DEFAULT_PORTS. */
  httpsPort?: number;
  mqttTlsPort?: number;
  mqttTcpPort?: number;
  adminPort?: number;
  /**
   * What /auth/devicename answers in resources.mqtt. Default: the product's legacy host and the TLS port. A board
   * without a host map (a real board, the real Espruino engine) needs an address it can reach: give the host, and
   * the port defaults to this cloud's MQTT TLS port.
   */
  mqttRedirect?: { host: string; port?: number };
  /** A registration connection is dropped this long after its reply. Default 15000. */
  registrationDropMs?: number;
  /** MQTT wire bounds (pre-login bytes, CONNECT deadline, max packet, connections per address); see DEFAULT_WIRE_LIMITS. */
  mqttLimits?: Partial<WireLimits>;
  /** How long an HTTPS client may take for the handshake, then headers and body. Default 10000. */
  httpsClientTimeoutMs?: number;
  /**
   * Key type of the TLS material: `rsa` (RSA-2048) or `ec` (P-256). Not given: a new data dir gets RSA (the only
   * kind Espruino's TLS can handshake with) and an existing one keeps its keys. Given and different from the
   * stored keys: new ones replace them, the old files are kept beside them (ca.ec.pem, …).
   */
  keyType?: KeyType;
  /** Receives one formatted line per event (secrets masked), and notices about the TLS keys. */
  logger?: (line: string) => void;
  /** Clock (epoch ms) for registry times and token expiry. */
  now?: () => number;
}

export interface RunningCloud {
  dataDir: string;
  host: string;
  httpsPort: number;
  mqttTlsPort: number;
  mqttTcpPort: number;
  adminPort: number;
  /** What every admin API call carries as `Authorization: Bearer <token>` (also in <dataDir>/admin-token). */
  adminToken: string;
  /** The CA devices must trust, PEM, and its file. */
  caPem: string;
  caPath: string;
  /** The key type of the CA and server certificate, and its name for people ('RSA-2048', 'EC P-256'). */
  keyType: KeyType;
  keyLabel: string;
  /** Real Alibaba host names → this cloud (hal/node's HostMap). */
  hostMap: CloudHostMap;
  registry: Registry;
  events: CloudEvents;
  publishToDevice(productKey: string, deviceName: string, topic: string, payload: string | Buffer, qos?: 0 | 1): Promise<{ online: boolean }>;
  isOnline(productKey: string, deviceName: string): boolean;
  stop(): Promise<void>;
}

function close(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

export async function startCloud(options: CloudOptions): Promise<RunningCloud> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  // Before anything is read or written there: secrets must not sit in files others can read.
  const loose = securePrivateDir(options.dataDir);
  const adminToken = loadOrCreateAdminToken(options.dataDir);
  // Two clouds on one registry would fight over it (and this start would mark the other's devices offline).
  const other = await runningCloud(options.dataDir);
  if (other) throw new Error(`a cloud is already running on ${options.dataDir} (admin API ${other.base}): stop it first, or give another data dir`);
  const tls = await loadOrCreateTls(options.dataDir, { keyType: options.keyType });
  const registry = Registry.open(options.dataDir);
  registry.devices.markAllOffline();
  const events = new CloudEvents(now);
  const logger = options.logger;
  if (logger) {
    for (const line of loose) logger(`warning: ${line}`);
    for (const line of tlsNotices(tls, options.keyType)) logger(line);
    events.subscribe((e) => logger(formatEvent(e)));
  }

  const started: { stop(): Promise<void> }[] = [];
  try {
    const broker = await startBroker({
      registry,
      events,
      now,
      tls,
      host,
      tlsPort: options.mqttTlsPort ?? DEFAULT_PORTS.mqttTls,
      tcpPort: options.mqttTcpPort ?? DEFAULT_PORTS.mqttTcp,
      registrationDropMs: options.registrationDropMs ?? DEFAULT_REGISTRATION_DROP_MS,
      limits: options.mqttLimits,
    });
    started.push(broker);
    const https = createHttpsServer({
      cert: tls.cert,
      key: tls.key,
      clientTimeoutMs: options.httpsClientTimeoutMs,
      context: {
        registry,
        events,
        now,
        mqttTarget: (product) => ({
          host: options.mqttRedirect?.host ?? legacyMqttHost(product.productKey, product.region),
          port: options.mqttRedirect?.port ?? broker.tlsPort,
        }),
      },
    });
    const httpsPort = await listen(https, options.httpsPort ?? DEFAULT_PORTS.https, host, 'HTTPS');
    started.push({ stop: () => close(https) });
    const publishToDevice = (pk: string, dn: string, topic: string, payload: string | Buffer, qos: 0 | 1 = 0) =>
      broker.publishToDevice({ productKey: pk, deviceName: dn }, topic, payload, qos);
    const ports = { httpsPort, mqttTlsPort: broker.tlsPort, mqttTcpPort: broker.tcpPort };
    const admin = createAdminServer({
      registry,
      events,
      now,
      publishToDevice,
      health: () => ({ ok: true, ...ports, caPath: tls.caPath }),
      token: adminToken,
    });
    const adminPort = await listen(admin, options.adminPort ?? DEFAULT_PORTS.admin, '127.0.0.1', 'the admin API');
    started.push({ stop: () => close(admin) });

    const hostMap = cloudHostMap(host, httpsPort, broker.tlsPort);
    const statePath = join(options.dataDir, STATE_FILE);
    const state = { pid: process.pid, host, ...ports, adminPort, caPath: tls.caPath, hostMap };
    writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    let stopped = false;
    return {
      dataDir: options.dataDir,
      host,
      ...ports,
      adminPort,
      adminToken,
      caPem: tls.caPem,
      caPath: tls.caPath,
      keyType: tls.keyType,
      keyLabel: tls.keyLabel,
      hostMap,
      registry,
      events,
      publishToDevice,
      isOnline: (pk, dn) => broker.isOnline({ productKey: pk, deviceName: dn }),
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const s of started.reverse()) await s.stop();
        registry.devices.markAllOffline();
        registry.close();
        rmSync(statePath, { force: true });
        events.removeAllListeners();
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    registry.close();
    throw error;
  }
}
