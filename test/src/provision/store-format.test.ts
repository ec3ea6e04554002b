// Records written by earlier builds must load forever: these texts are what the store wrote (format C1) before
// the store was rewritten for Espruino's memory, kept verbatim.
import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import { createCredentialStore, decodeRecord, encodeCredential, encodeRecord } from '../../../src/provision';
import { ALL_KINDS } from '../../fixtures/provision/credentials';

const WRITTEN_BEFORE = [
  'C1;1;65;b36e314c;S11:a1ExpAkj9Hi12:Example_dyn132:KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4',
  'C1;2;100;f168ee23;T11:a1B2c3D4e5F15:sensor.v2@lab:727:a1B2c3D4e5F.sensor.v2@lab:734:tok:en;with|odd=chars&9f8e7d6c5b4a',
  'C1;3;162;e735346e;I11:a1ExpAkj9Hi12:Example_dyn120:42Ze0mk3556498a1AlTP32:0d7fdeb9dc1f4344a2cc0d45edcb0bcb49:a1ExpAkj9Hi.iot-as-mqtt.eu-central-1.aliyuncs.com4:188313:1700604800000',
  'C1;4;148;ef1b62a2;I11:a1ExpAkj9Hi12:Example_dyn120:42Ze0mk3556498a1AlTP32:0d7fdeb9dc1f4344a2cc0d45edcb0bcb49:a1ExpAkj9Hi.iot-as-mqtt.eu-central-1.aliyuncs.com4:18830:',
];

describe('credential record format C1 is stable', () => {
  ALL_KINDS.forEach((credential, i) => {
    it(`a ${credential.kind} record written by an earlier build loads, and is written the same way today`, () => {
      const board = createMockBoard({ flash: { 'aliot.cred.b': WRITTEN_BEFORE[i] } });
      expect(createCredentialStore(board.hal).load()).toEqual({ status: 'OK', credential, seq: i + 1, slot: 'b' });
      expect(encodeRecord('C1', i + 1, encodeCredential(credential))).toBe(WRITTEN_BEFORE[i]);
      expect(decodeRecord('C1', WRITTEN_BEFORE[i])).toMatchObject({ ok: true, seq: i + 1 });
    });
  });
});
