import { describe, expect, it } from 'vitest';
import {
  encodeConnect,
  encodeDisconnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  encodeUnsubscribe,
  EncodeError,
  EncodeResult,
} from '../../../../src/mqtt/codec';
import { hex, toHex } from './helpers';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function written(result: EncodeResult, buf: Uint8Array): string {
  if (typeof result !== 'number') throw new Error('encode failed: ' + result.code + ' ' + result.message);
  return toHex(buf.subarray(0, result));
}

function errorCode(result: EncodeResult): string | number {
  return typeof result === 'number' ? result : result.code;
}

describe('encoders write the MQTT 3.1.1 bytes', () => {
  const buf = new Uint8Array(512);

  it('CONNECT with username and password, clean session, no will (the Alibaba form)', () => {
    const r = encodeConnect(buf, { clientId: 'c', username: 'u', password: 'p', keepalive: 300, clean: true });
    expect(written(r, buf)).toBe(toHex(hex('10 13 0004 4d515454 04 c2 012c 0001 63 0001 75 0001 70')));
  });

  it('CONNECT with a will (QoS 1, retained) and a binary password, persistent session', () => {
    const r = encodeConnect(buf, {
      clientId: 'id',
      username: 'u',
      password: new Uint8Array([0, 0xff]),
      keepalive: 60,
      clean: false,
      will: { topic: 'w', payload: new Uint8Array([1, 2]), qos: 1, retain: true },
    });
    expect(written(r, buf)).toBe(toHex(hex('10 1c 0004 4d515454 04 ec 003c 0002 6964 0001 77 0002 0102 0001 75 0002 00ff')));
  });

  it('CONNECT with an empty client id and clean session, no credentials', () => {
    expect(written(encodeConnect(buf, { clientId: '', keepalive: 0, clean: true }), buf)).toBe(
      toHex(hex('10 0c 0004 4d515454 04 02 0000 0000')),
    );
  });

  it('PUBLISH QoS 0 carries no packet id', () => {
    const r = encodePublish(buf, { topic: 'a/b', payload: bytes('hi'), qos: 0, retain: false, dup: false, packetId: 9 });
    expect(written(r, buf)).toBe(toHex(hex('30 07 0003 612f62 6869')));
  });

  it('PUBLISH QoS 1 resend carries DUP, RETAIN and the packet id', () => {
    const r = encodePublish(buf, { topic: 'a/b', payload: bytes('hi'), qos: 1, retain: true, dup: true, packetId: 0x1234 });
    expect(written(r, buf)).toBe(toHex(hex('3b 09 0003 612f62 1234 6869')));
  });

  it('PUBLISH encodes a non-ASCII topic in UTF-8', () => {
    const r = encodePublish(buf, { topic: '温/😀', payload: new Uint8Array(0), qos: 0, retain: false, dup: false });
    expect(written(r, buf)).toBe(toHex(hex('30 0a 0008 e6b8a9 2f f09f9880')));
  });

  it('PUBLISH uses a 2-byte remaining length from 128 bytes on', () => {
    const r = encodePublish(buf, { topic: 't', payload: new Uint8Array(125), qos: 0, retain: false, dup: false });
    expect(written(r, buf).slice(0, 10)).toBe('3080010001');
    expect(r).toBe(131);
  });

  it('PUBACK, PINGREQ, DISCONNECT', () => {
    expect(written(encodePuback(buf, 0xbeef), buf)).toBe('4002beef');
    expect(written(encodePingreq(buf), buf)).toBe('c000');
    expect(written(encodeDisconnect(buf), buf)).toBe('e000');
  });

  it('SUBSCRIBE sets flags 0010 and a QoS byte per filter', () => {
    const r = encodeSubscribe(buf, { packetId: 10, subscriptions: [{ topic: 'a/+', qos: 1 }, { topic: '#', qos: 0 }] });
    expect(written(r, buf)).toBe(toHex(hex('82 0c 000a 0003 612f2b 01 0001 23 00')));
  });

  it('UNSUBSCRIBE sets flags 0010 and lists the filters', () => {
    const r = encodeUnsubscribe(buf, { packetId: 11, topics: ['a/+', '#'] });
    expect(written(r, buf)).toBe(toHex(hex('a2 0a 000b 0003 612f2b 0001 23')));
  });
});

describe('encoders refuse invalid input with a typed error and write nothing', () => {
  const cases: [string, (buf: Uint8Array) => EncodeResult, string][] = [
    ['packet id 0', (b) => encodePuback(b, 0), 'INVALID_PACKET_ID'],
    ['packet id 65536', (b) => encodePuback(b, 65536), 'INVALID_PACKET_ID'],
    ['packet id 1.5', (b) => encodePuback(b, 1.5), 'INVALID_PACKET_ID'],
    ['packet id NaN', (b) => encodePuback(b, NaN), 'INVALID_PACKET_ID'],
    ['QoS 1 publish without packet id', (b) => encodePublish(b, pub({ qos: 1 })), 'INVALID_PACKET_ID'],
    ['QoS 2 publish', (b) => encodePublish(b, pub({ qos: 2 as 1, packetId: 1 })), 'INVALID_QOS'],
    ['DUP on QoS 0', (b) => encodePublish(b, pub({ dup: true })), 'INVALID_FLAGS'],
    ['empty topic', (b) => encodePublish(b, pub({ topic: '' })), 'INVALID_TOPIC'],
    ['topic with +', (b) => encodePublish(b, pub({ topic: 'a/+' })), 'INVALID_TOPIC'],
    ['topic with #', (b) => encodePublish(b, pub({ topic: 'a/#' })), 'INVALID_TOPIC'],
    ['topic with U+0000', (b) => encodePublish(b, pub({ topic: 'a\u0000' })), 'INVALID_TOPIC'],
    ['topic with a lone surrogate', (b) => encodePublish(b, pub({ topic: 'a\ud800' })), 'INVALID_STRING'],
    ['topic over 65535 bytes', (b) => encodePublish(b, pub({ topic: 'é'.repeat(32768) })), 'STRING_TOO_LONG'],
    ['keepalive 65536', (b) => encodeConnect(b, con({ keepalive: 65536 })), 'INVALID_KEEPALIVE'],
    ['keepalive -1', (b) => encodeConnect(b, con({ keepalive: -1 })), 'INVALID_KEEPALIVE'],
    ['empty client id, persistent session', (b) => encodeConnect(b, con({ clientId: '', clean: false })), 'INVALID_CLIENT_ID'],
    ['client id with U+0000', (b) => encodeConnect(b, con({ clientId: 'a\u0000' })), 'INVALID_STRING'],
    ['username with a lone surrogate', (b) => encodeConnect(b, con({ username: '\udc00' })), 'INVALID_STRING'],
    ['password without username', (b) => encodeConnect(b, con({ password: 'p' })), 'PASSWORD_WITHOUT_USERNAME'],
    ['password bytes over 65535', (b) => encodeConnect(b, con({ username: 'u', password: new Uint8Array(65536) })), 'STRING_TOO_LONG'],
    ['will with a wildcard topic', (b) => encodeConnect(b, con({ will: will({ topic: 'w/#' }) })), 'INVALID_TOPIC'],
    ['will with QoS 2', (b) => encodeConnect(b, con({ will: will({ qos: 2 as 1 }) })), 'INVALID_QOS'],
    ['will payload over 65535', (b) => encodeConnect(b, con({ will: will({ payload: new Uint8Array(65536) }) })), 'STRING_TOO_LONG'],
    ['SUBSCRIBE without filters', (b) => encodeSubscribe(b, { packetId: 1, subscriptions: [] }), 'EMPTY_LIST'],
    ['SUBSCRIBE with QoS 2', (b) => encodeSubscribe(b, { packetId: 1, subscriptions: [{ topic: 'a', qos: 2 as 1 }] }), 'INVALID_QOS'],
    ['SUBSCRIBE with packet id 0', (b) => encodeSubscribe(b, { packetId: 0, subscriptions: [{ topic: 'a', qos: 0 }] }), 'INVALID_PACKET_ID'],
    ['filter "a/#/b"', (b) => encodeSubscribe(b, sub('a/#/b')), 'INVALID_TOPIC_FILTER'],
    ['filter "a#"', (b) => encodeSubscribe(b, sub('a#')), 'INVALID_TOPIC_FILTER'],
    ['filter "a/b+"', (b) => encodeSubscribe(b, sub('a/b+')), 'INVALID_TOPIC_FILTER'],
    ['empty filter', (b) => encodeSubscribe(b, sub('')), 'INVALID_TOPIC_FILTER'],
    ['UNSUBSCRIBE without filters', (b) => encodeUnsubscribe(b, { packetId: 1, topics: [] }), 'EMPTY_LIST'],
    ['UNSUBSCRIBE with a bad filter', (b) => encodeUnsubscribe(b, { packetId: 1, topics: ['ok', '+x'] }), 'INVALID_TOPIC_FILTER'],
  ];

  it.each(cases)('%s → %s', (_name, encode, code) => {
    const buf = new Uint8Array(200_000).fill(0xa5);
    expect(errorCode(encode(buf))).toBe(code);
    expect(buf.every((b) => b === 0xa5)).toBe(true);
  });

  it('every error carries a message naming the problem', () => {
    const r = encodePuback(new Uint8Array(8), 0) as EncodeError;
    expect(r.message).toMatch(/1\.\.65535/);
  });

  it('accepts the valid filter shapes "#", "+", "+/+", "a/+/#", "/"', () => {
    for (const f of ['#', '+', '+/+', 'a/+/#', '/', 'a//b']) expect(typeof encodeSubscribe(new Uint8Array(64), sub(f))).toBe('number');
  });
});

describe('encoders never write past the transmit buffer', () => {
  it('a packet one byte larger than the buffer → BUFFER_TOO_SMALL with the size needed, nothing written', () => {
    const backing = new Uint8Array(64).fill(0x5a);
    const buf = backing.subarray(0, 10);
    const r = encodePublish(buf, pub({ payload: new Uint8Array(6) }));
    expect(errorCode(r)).toBe('BUFFER_TOO_SMALL');
    expect((r as EncodeError).needed).toBe(11);
    expect(backing.every((b) => b === 0x5a)).toBe(true);
  });

  it('a packet exactly the buffer size is written whole', () => {
    const buf = new Uint8Array(11);
    expect(encodePublish(buf, pub({ payload: new Uint8Array(6) }))).toBe(11);
  });

  it('PINGREQ, DISCONNECT and PUBACK refuse a buffer too small for them', () => {
    expect(errorCode(encodePingreq(new Uint8Array(1)))).toBe('BUFFER_TOO_SMALL');
    expect(errorCode(encodeDisconnect(new Uint8Array(0)))).toBe('BUFFER_TOO_SMALL');
    expect(errorCode(encodePuback(new Uint8Array(3), 1))).toBe('BUFFER_TOO_SMALL');
  });
});

function pub(over: Partial<Parameters<typeof encodePublish>[1]>): Parameters<typeof encodePublish>[1] {
  return { topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, ...over };
}

function con(over: Partial<Parameters<typeof encodeConnect>[1]>): Parameters<typeof encodeConnect>[1] {
  return { clientId: 'c', keepalive: 60, clean: true, ...over };
}

function will(over: Partial<{ topic: string; payload: Uint8Array; qos: 0 | 1; retain: boolean }>) {
  return { topic: 'w', payload: new Uint8Array(0), qos: 0 as const, retain: false, ...over };
}

function sub(topic: string) {
  return { packetId: 1, subscriptions: [{ topic, qos: 0 as const }] };
}
