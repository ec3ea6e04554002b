// Everything we encode, mqtt-packet's parser (the oracle) reads back to the same fields, as exactly one packet.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeConnect,
  encodeDisconnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  encodeUnsubscribe,
  EncodeResult,
} from '../../../../src/mqtt/codec';
import {
  comparableConnect,
  comparablePublish,
  connectArb,
  expectedConnect,
  expectedPublish,
  publishArb,
  subscribeArb,
  unsubscribeArb,
} from './client-arbitraries';
import { oracleParse, packetIdArb } from './helpers';

const TX = new Uint8Array(70_000);
const RUNS = { numRuns: 500 };

/** Encodes with `encode`, has the oracle parse it, and returns the single packet it read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function roundTrip(encode: (buf: Uint8Array) => EncodeResult): any {
  const length = encode(TX);
  if (typeof length !== 'number') throw new Error('encoder refused valid input: ' + length.code + ' ' + length.message);
  const parsed = oracleParse(TX.subarray(0, length));
  expect(parsed.errors).toEqual([]);
  expect(parsed.left).toBe(0);
  expect(parsed.packets).toHaveLength(1);
  return parsed.packets[0];
}

describe('mqtt-packet parses what we encode to the same fields', () => {
  it('CONNECT: client id, username, password (text or bytes), keepalive, clean flag, will', () => {
    fc.assert(
      fc.property(connectArb, (p) => {
        expect(comparableConnect(roundTrip((b) => encodeConnect(b, p)))).toEqual(expectedConnect(p));
      }),
      RUNS,
    );
  });

  it('PUBLISH: topic, payload bytes, QoS 0/1, retain, dup, packet id (also with 2- and 3-byte remaining lengths)', () => {
    fc.assert(
      fc.property(publishArb, (p) => {
        expect(comparablePublish(roundTrip((b) => encodePublish(b, p)))).toEqual(expectedPublish(p));
      }),
      RUNS,
    );
  });

  it('PUBACK: packet id', () => {
    fc.assert(
      fc.property(packetIdArb, (id) => {
        const parsed = roundTrip((b) => encodePuback(b, id));
        expect({ cmd: parsed.cmd, messageId: parsed.messageId }).toEqual({ cmd: 'puback', messageId: id });
      }),
      RUNS,
    );
  });

  it('SUBSCRIBE: packet id and every {topic filter, QoS} in order', () => {
    fc.assert(
      fc.property(subscribeArb, (p) => {
        const parsed = roundTrip((b) => encodeSubscribe(b, p));
        expect({ cmd: parsed.cmd, qos: parsed.qos, messageId: parsed.messageId, subscriptions: parsed.subscriptions }).toEqual({
          cmd: 'subscribe',
          qos: 1,
          messageId: p.packetId,
          subscriptions: p.subscriptions,
        });
      }),
      RUNS,
    );
  });

  it('UNSUBSCRIBE: packet id and every topic filter in order', () => {
    fc.assert(
      fc.property(unsubscribeArb, (p) => {
        const parsed = roundTrip((b) => encodeUnsubscribe(b, p));
        expect({ cmd: parsed.cmd, messageId: parsed.messageId, unsubscriptions: parsed.unsubscriptions }).toEqual({
          cmd: 'unsubscribe',
          messageId: p.packetId,
          unsubscriptions: p.topics,
        });
      }),
      RUNS,
    );
  });

  it('PINGREQ and DISCONNECT', () => {
    expect(roundTrip(encodePingreq).cmd).toBe('pingreq');
    expect(roundTrip(encodeDisconnect).cmd).toBe('disconnect');
  });
});

describe('encoders fit the transmit buffer exactly or refuse without writing', () => {
  const anyPacket = fc.oneof(
    connectArb.map((p) => (b: Uint8Array) => encodeConnect(b, p)),
    publishArb.map((p) => (b: Uint8Array) => encodePublish(b, p)),
    subscribeArb.map((p) => (b: Uint8Array) => encodeSubscribe(b, p)),
    unsubscribeArb.map((p) => (b: Uint8Array) => encodeUnsubscribe(b, p)),
    packetIdArb.map((id) => (b: Uint8Array) => encodePuback(b, id)),
  );

  it('for any packet and any buffer size: the exact length when it fits, else BUFFER_TOO_SMALL and no byte touched', () => {
    fc.assert(
      fc.property(anyPacket, fc.nat(), (encode, sizeSeed) => {
        const needed = encode(TX) as number;
        const size = sizeSeed % (needed + 8);
        const backing = new Uint8Array(needed + 16).fill(0xa5);
        const result = encode(backing.subarray(0, size));
        if (size >= needed) {
          expect(result).toBe(needed);
          expect(Buffer.from(backing.subarray(0, needed)).equals(Buffer.from(TX.subarray(0, needed)))).toBe(true);
          expect(backing.subarray(needed).every((x) => x === 0xa5)).toBe(true);
        } else {
          expect(result).toMatchObject({ code: 'BUFFER_TOO_SMALL', needed });
          expect(backing.every((x) => x === 0xa5)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
