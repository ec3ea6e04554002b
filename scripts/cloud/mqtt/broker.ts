// The MQTT side of the cloud: Aedes behind a TLS listener (securemode 2, -1, -2) and a plain TCP listener
// (securemode 3, 0), with authentication (auth.ts), registration replies (§2), one session per device, and
// the topic ACL.

import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { createServer as createTcpServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { KEEPALIVE_MAX } from '../../../src/auth/index';
import { maskSecret } from '../../../src/util/mask';
import type { CloudEvents } from '../events';
import type { Registry } from '../registry/index';
import { registrationTopicAllowed, topicAllowed, type AclAction, type Identity } from './acl';
import { decideConnect } from './auth';
import type { LoginDecision, RegistrationDecision, Transport } from './decision';
import { previewPayload } from './preview';
import { Sessions } from './sessions';
import { DEFAULT_WIRE_LIMITS, guardConnection, type PacketSizeTracker, type WireLimits, type WireViolation } from './wire-guard';

export const DEFAULT_REGISTRATION_DROP_MS = 15_000;

export interface BrokerOptions {
  registry: Registry;
  events: CloudEvents;
  now: () => number;
  tls: { cert: string; key: string };
  host: string;
  tlsPort: number;
  tcpPort: number;
  /** The server drops a registration connection this long after its reply (§2: 15 s). */
  registrationDropMs?: number;
  /** What a peer may send and how many may connect from one address; defaults DEFAULT_WIRE_LIMITS. */
  limits?: Partial<WireLimits>;
}

export interface RunningBroker {
  tlsPort: number;
  tcpPort: number;
  /** Publishes to a device's topic (e.g. a property set); false when the topic is not the device's. */
  publishToDevice(id: Identity, topic: string, payload: string | Buffer, qos?: 0 | 1): Promise<{ online: boolean }>;
  isOnline(id: Identity): boolean;
  stop(): Promise<void>;
}

interface ClientState {
  transport: Transport;
  keepalive: number;
  decision?: LoginDecision | RegistrationDecision;
  /** The identity's session when this one authenticated (it is kicked when this one is ready). */
  supersedes?: Client;
  dropTimer?: NodeJS.Timeout;
}

/** Listens, or rejects with a PortError naming the port and what it was for. */
export function listen(server: NetServer, port: number, host: string, label: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => reject(new PortError(label, host, port, error));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** A listener that could not bind: the start fails, after releasing every port it did bind. */
export class PortError extends Error {
  readonly code: string | undefined;
  constructor(label: string, host: string, port: number, cause: NodeJS.ErrnoException) {
    const why = cause.code === 'EADDRINUSE' ? 'the port is in use (another aliot cloud start, or another server?)' : cause.code === 'EACCES' ? 'not permitted (ports below 1024 need root)' : cause.message;
    super(`cannot listen for ${label} on ${host}:${port}: ${why}`);
    this.name = 'PortError';
    this.code = cause.code;
  }
}

function closeServer(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const { registry, events, now } = options;
  const dropMs = options.registrationDropMs ?? DEFAULT_REGISTRATION_DROP_MS;
  const states = new WeakMap<Client, ClientState>();
  const sessions = new Sessions();
  const sockets = new Set<Socket>();
  const limits: WireLimits = { ...DEFAULT_WIRE_LIMITS, ...options.limits };
  const trackers = new WeakMap<object, PacketSizeTracker>();
  const perAddress = new Map<string, number>();

  const loginOf = (client: Client | null): LoginDecision | undefined => {
    const d = client ? states.get(client)?.decision : undefined;
    return d && d.kind === 'login' ? d : undefined;
  };

  const allowed = (client: Client, topic: string, action: AclAction): boolean => {
    const d = states.get(client)?.decision;
    if (!d) return false;
    const ok = d.kind === 'login' ? topicAllowed(d.identity, topic, action) : registrationTopicAllowed(topic, action);
    if (!ok) events.emitEvent({ type: 'denied', action, ...d.identity, clientId: client.id, topic });
    return ok;
  };

  const broker = await Aedes.createBroker({
    // A hard timer from the connection's start (Aedes clears it when the CONNECT is handled), not an idle one.
    connectTimeout: limits.connectDeadlineMs,
    preConnect(client, packet, callback) {
      const encrypted = (client.conn as TLSSocket).encrypted === true;
      const keepalive = packet.keepalive ?? 0;
      states.set(client, { transport: encrypted ? 'tls' : 'tcp', keepalive });
      // Over 1200 s is accepted and clamped (4.x header reading of the docs): the broker enforces 1200.
      if (keepalive > KEEPALIVE_MAX) packet.keepalive = KEEPALIVE_MAX;
      callback(null, true);
    },
    authenticate(client, username, password, done) {
      const state = states.get(client) as ClientState;
      const decision = decideConnect(
        { clientId: client.id, username, password: password?.toString('utf8'), keepalive: state.keepalive, transport: state.transport },
        registry,
        now(),
      );
      if (!decision.ok) {
        events.emitEvent({ type: 'refused', via: 'mqtt', code: decision.returnCode, reason: decision.reason, ...decision.identity, clientId: client.id });
        const error = Object.assign(new Error(decision.reason), { returnCode: decision.returnCode }) as AuthenticateError;
        done(error, null);
        return;
      }
      state.decision = decision;
      trackers.get(client.conn)?.login();
      if (decision.kind === 'login') {
        state.supersedes = sessions.current(decision.identity);
        // Online from the moment the CONNACK goes out, so a client that sees it also sees itself online.
        registry.devices.setOnline(decision.identity.productKey, decision.identity.deviceName, true, now());
      }
      done(null, true);
    },
    authorizePublish(client, packet, callback) {
      if (client === null || allowed(client, packet.topic, 'publish')) callback(null);
      else callback(new Error(`publish to ${packet.topic} is not allowed`));
    },
    authorizeSubscribe(client, subscription, callback) {
      callback(null, allowed(client, subscription.topic, 'subscribe') ? subscription : null);
    },
  });

  broker.on('clientReady', (client) => {
    const state = states.get(client);
    const d = state?.decision;
    if (!state || !d) return;
    if (d.kind === 'registration') {
      sendRegistrationReply(client, state, d);
      return;
    }
    startSession(client, state, d);
  });

  function sendRegistrationReply(client: Client, state: ClientState, d: RegistrationDecision): void {
    // Written straight to this connection: the device never subscribes (§2).
    client.publish({ cmd: 'publish', topic: d.topic, payload: Buffer.from(d.payload), qos: 0, retain: false, dup: false }, () => {});
    events.emitEvent({ type: 'registered', via: 'mqtt', authType: d.authType, ...d.identity, secret: maskSecret(d.secret) });
    state.dropTimer = setTimeout(() => client.close(), dropMs);
  }

  function startSession(client: Client, state: ClientState, d: LoginDecision): void {
    const replaced = sessions.attach(d.identity, client);
    const kicked = replaced ?? (state.supersedes && state.supersedes.closed ? state.supersedes : undefined);
    registry.devices.setOnline(d.identity.productKey, d.identity.deviceName, true, now());
    events.emitEvent({ type: 'login', ...d.identity, clientId: client.id, secureMode: d.secureMode, transport: state.transport, activated: d.activated });
    if (kicked && kicked !== client) {
      if (!kicked.closed) kicked.close();
      events.emitEvent({ type: 'kicked', ...d.identity, clientId: kicked.id, byClientId: client.id });
    }
    if (d.systemSubscribe) {
      client.subscribe({ topic: `/sys/${d.identity.productKey}/${d.identity.deviceName}/#`, qos: 1 }, () => {});
    }
  }

  broker.on('clientDisconnect', (client) => {
    const state = states.get(client);
    if (state?.dropTimer) clearTimeout(state.dropTimer);
    const d = loginOf(client);
    if (!d) return;
    const wasCurrent = sessions.detach(d.identity, client);
    // A kicked connection leaves its successor online; one that died before its session started does not.
    if (!wasCurrent && sessions.current(d.identity) !== undefined) return;
    if (registry.devices.get(d.identity.productKey, d.identity.deviceName)) {
      registry.devices.setOnline(d.identity.productKey, d.identity.deviceName, false, now());
    }
    if (wasCurrent) events.emitEvent({ type: 'logout', ...d.identity, clientId: client.id });
  });

  broker.on('publish', (packet, client) => {
    const d = loginOf(client);
    if (!d || packet.topic.startsWith('$')) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(String(packet.payload));
    events.emitEvent({
      type: 'published',
      direction: 'up',
      ...d.identity,
      topic: packet.topic,
      qos: packet.qos,
      bytes: payload.length,
      preview: previewPayload(payload),
    });
  });

  /** Counts the raw socket against its address; false (and the socket destroyed) when it is one too many. */
  const track = (socket: Socket): boolean => {
    const address = socket.remoteAddress ?? '?';
    const open = perAddress.get(address) ?? 0;
    if (open >= limits.connectionsPerAddress) {
      socket.destroy();
      events.emitEvent({ type: 'dropped', address, reason: `more than ${limits.connectionsPerAddress} connections from this address` });
      return false;
    }
    perAddress.set(address, open + 1);
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    return true;
  };
  const REASONS: Record<WireViolation, string> = {
    'pre-login-size': `more than ${limits.preLoginBytes} bytes before login`,
    'packet-size': `a packet over ${limits.maxPacketBytes} bytes`,
    'malformed-length': 'a malformed packet length',
  };
  const handle = (conn: Socket | TLSSocket, address: string): void => {
    const tracker = guardConnection(conn, limits, (violation) => {
      const d = (conn as { client?: Client }).client ? states.get((conn as unknown as { client: Client }).client)?.decision : undefined;
      events.emitEvent({ type: 'dropped', address, reason: REASONS[violation], ...(d ? d.identity : {}) });
    });
    trackers.set(conn, tracker);
    broker.handle(conn);
  };
  // noDelay: MQTT packets are small and answer each other; Nagle's algorithm would hold a CONNACK or PUBACK back
  // for tens of milliseconds waiting for more bytes (measured: ~40 ms per CONNACK on loopback).
  const tlsServer = createTlsServer({ cert: options.tls.cert, key: options.tls.key, handshakeTimeout: limits.connectDeadlineMs, noDelay: true }, (s) => {
    handle(s, s.remoteAddress ?? '?');
  });
  // 'connection' is the raw TCP socket, before the handshake: one too many costs no TLS work.
  tlsServer.on('connection', track);
  tlsServer.on('tlsClientError', () => {});
  const tcpServer = createTcpServer({ noDelay: true }, (s) => {
    if (track(s)) handle(s, s.remoteAddress ?? '?');
  });
  let tlsPort: number;
  let tcpPort: number;
  try {
    tlsPort = await listen(tlsServer, options.tlsPort, options.host, 'MQTT over TLS');
    tcpPort = await listen(tcpServer, options.tcpPort, options.host, 'MQTT over TCP');
  } catch (error) {
    // Release what did bind, and Aedes's timers, so a failed start leaves nothing listening or keeping Node alive.
    await Promise.all([tlsServer, tcpServer].filter((s) => s.listening).map(closeServer));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }

  return {
    tlsPort,
    tcpPort,
    isOnline: (id) => sessions.current(id) !== undefined,
    publishToDevice(id, topic, payload, qos = 0) {
      if (!topicAllowed(id, topic, 'publish')) {
        return Promise.reject(new Error(`${topic} is not a topic of ${id.productKey}/${id.deviceName}`));
      }
      const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      return new Promise((resolve, reject) => {
        broker.publish({ cmd: 'publish', topic, payload: body, qos, retain: false, dup: false }, (error) => {
          if (error) return reject(error);
          events.emitEvent({ type: 'published', direction: 'down', ...id, topic, qos, bytes: body.length, preview: previewPayload(body) });
          resolve({ online: sessions.current(id) !== undefined });
        });
      });
    },
    async stop() {
      const closing = [closeServer(tlsServer), closeServer(tcpServer)];
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await Promise.all(closing);
    },
  };
}
