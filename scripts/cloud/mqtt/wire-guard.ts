// What the broker lets a peer send, checked on the bytes before Aedes parses them. Aedes's parser (mqtt-packet)
// gathers a whole packet before it acts on it, however long its Remaining Length says it is (up to 256 MB), so a
// peer that claims a huge CONNECT and keeps sending would have all of it held in memory before any login. Here
// each packet's fixed header is read as it arrives: a peer is disconnected at the first header whose packet would
// exceed the bound (a few KB before login, the configured maximum after), so the broker never holds those bytes.
//
// The bytes are seen where Aedes takes them: Aedes reads its connection with conn.read() on 'readable' (aedes
// 1.2, lib/client.js), so read() is wrapped; a chunk that breaks a bound is dropped and the socket destroyed.

import type { Duplex } from 'node:stream';

export interface WireLimits {
  /** Bytes a peer may send before it is logged in (its CONNECT, and anything pipelined behind it). */
  preLoginBytes: number;
  /** A CONNECT must have arrived this long after the connection opened (Aedes's connectTimeout). */
  connectDeadlineMs: number;
  /** The largest packet (fixed header included) a logged-in peer may send. */
  maxPacketBytes: number;
  /** Open MQTT connections (TLS and TCP together) from one remote address; more are closed on arrival. */
  connectionsPerAddress: number;
}

/**
 * 256 KB is the platform's published limit for one message; a CONNECT with an Alibaba clientId, username and
 * HMAC password is a few hundred bytes, so 4 KB leaves room and no more.
 */
export const DEFAULT_WIRE_LIMITS: WireLimits = {
  preLoginBytes: 4 * 1024,
  connectDeadlineMs: 10_000,
  maxPacketBytes: 256 * 1024,
  connectionsPerAddress: 100,
};

export type WireViolation = 'pre-login-size' | 'packet-size' | 'malformed-length';

/**
 * Follows MQTT packet boundaries over a byte stream (fixed header: one type byte, then the Remaining Length as
 * 1 to 4 bytes of 7 bits each, low group first, the high bit meaning "more"), and reports the first violation.
 */
export class PacketSizeTracker {
  private loggedIn = false;
  private preLogin = 0;
  /** Bytes of the current packet's body still to come; -1 while a fixed header is being read. */
  private bodyLeft = -1;
  private headerBytes = 0;
  private length = 0;
  private multiplier = 1;

  constructor(private readonly limits: Pick<WireLimits, 'preLoginBytes' | 'maxPacketBytes'>) {}

  /** From now on packets are bounded by maxPacketBytes instead of the pre-login budget. */
  login(): void {
    this.loggedIn = true;
  }

  /** Takes the next chunk; the violation it makes, or null. */
  feed(chunk: Uint8Array): WireViolation | null {
    if (!this.loggedIn) {
      this.preLogin += chunk.length;
      if (this.preLogin > this.limits.preLoginBytes) return 'pre-login-size';
    }
    let i = 0;
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= take;
        i += take;
        if (this.bodyLeft === 0) this.bodyLeft = -1;
        continue;
      }
      const byte = chunk[i++]!;
      this.headerBytes++;
      if (this.headerBytes === 1) {
        this.length = 0;
        this.multiplier = 1;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      if (byte & 0x80) {
        if (this.headerBytes === 5) return 'malformed-length';
        continue;
      }
      const total = this.headerBytes + this.length;
      if (total > (this.loggedIn ? this.limits.maxPacketBytes : this.limits.preLoginBytes)) return this.loggedIn ? 'packet-size' : 'pre-login-size';
      this.headerBytes = 0;
      this.bodyLeft = this.length === 0 ? -1 : this.length;
    }
    return null;
  }
}

/**
 * Puts a tracker between conn and Aedes. onViolation runs once, before conn is destroyed. Returns the tracker,
 * whose login() the broker calls when the peer is authenticated.
 */
export function guardConnection(conn: Duplex, limits: WireLimits, onViolation: (v: WireViolation) => void): PacketSizeTracker {
  const tracker = new PacketSizeTracker(limits);
  const read = conn.read.bind(conn);
  conn.read = (size?: number): unknown => {
    if (conn.destroyed) return null;
    const chunk = read(size) as Buffer | null;
    if (chunk === null) return null;
    const violation = tracker.feed(chunk);
    if (violation === null) return chunk;
    onViolation(violation);
    conn.destroy();
    return null;
  };
  return tracker;
}
