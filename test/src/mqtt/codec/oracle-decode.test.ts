// Everything mqtt-packet generates for the packets a server sends, our decoder reads to the same fields.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparable, concat, decodeEvents, generate } from './helpers';
import {
  connackArb,
  pingrespArb,
  pubackArb,
  ServerCase,
  serverPacketArb,
  serverPublishArb,
  subackArb,
  unsubackArb,
} from './server-arbitraries';

const CAPACITY = 64 * 1024;
const RUNS = { numRuns: 500 };

function decodesTo(arb: fc.Arbitrary<ServerCase>) {
  fc.assert(
    fc.property(arb, ({ packet, expected }) => {
      expect(comparable(decodeEvents(generate(packet), CAPACITY))).toEqual(comparable([expected]));
    }),
    RUNS,
  );
}

describe('our decoder reads what mqtt-packet generates to the same fields', () => {
  it('CONNACK: return code 0..5, session present', () => decodesTo(connackArb));
  it('PUBLISH: topic, payload, QoS 0/1/2, retain, dup, packet id (also 2- and 3-byte remaining lengths)', () =>
    decodesTo(serverPublishArb));
  it('PUBACK: packet id', () => decodesTo(pubackArb));
  it('SUBACK: packet id and every return code (0, 1, 2, 0x80)', () => decodesTo(subackArb));
  it('UNSUBACK: packet id', () => decodesTo(unsubackArb));
  it('PINGRESP', () => decodesTo(pingrespArb));

  it('a stream of generated packets back to back decodes to each in order', () => {
    fc.assert(
      fc.property(fc.array(serverPacketArb, { minLength: 1, maxLength: 10 }), (cases) => {
        const stream = concat(cases.map((c) => generate(c.packet)));
        expect(comparable(decodeEvents(stream, CAPACITY))).toEqual(comparable(cases.map((c) => c.expected)));
      }),
      { numRuns: 200 },
    );
  });
});
