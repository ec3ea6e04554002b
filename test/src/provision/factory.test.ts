import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import type { DeviceNameFormat } from '../../../hal/types';
import { DEVICE_NAME_FORMATS, deriveDeviceName, encodeFactoryRecord, FACTORY_KEY, readFactoryCertificate, type FactoryRecord } from '../../../src/provision';

function boardWith(record: FactoryRecord, options: Parameters<typeof createMockBoard>[0] = {}) {
  const encoded = encodeFactoryRecord(record);
  if (!encoded.ok) throw new Error(encoded.message);
  return createMockBoard({ ...options, flash: { [FACTORY_KEY]: encoded.value } });
}

describe('factory certificate (read side)', () => {
  it('one secret per device: ProductKey + DeviceName + DeviceSecret', () => {
    const board = boardWith({ productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' });
    expect(readFactoryCertificate(board.hal, 'mac-upper')).toEqual({
      status: 'OK',
      certificate: { mode: 'device', productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' },
    });
  });

  it('one secret per product: ProductKey + ProductSecret with a named DeviceName', () => {
    const board = boardWith({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR', deviceName: 'Example_dyn1' });
    expect(readFactoryCertificate(board.hal, 'serial')).toEqual({
      status: 'OK',
      certificate: { mode: 'product', productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', productSecret: 'ffFnFlKQW3HYjjPR' },
    });
  });

  const derived: [DeviceNameFormat, string][] = [
    ['mac-upper', '240AC4002F90'],
    ['mac-lower', '240ac4002f90'],
    ['mac-colon', '24:0A:C4:00:2F:90'],
    ['serial', '240ac400-2f90'],
  ];
  for (const [format, name] of derived) {
    it(`derives the DeviceName from identity when the record names none (${format} → ${name})`, () => {
      const fromDefault = boardWith({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR' });
      expect(readFactoryCertificate(fromDefault.hal, format)).toMatchObject({ status: 'OK', certificate: { deviceName: name } });
      const fromRecord = boardWith({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR', deviceNameFormat: format });
      expect(readFactoryCertificate(fromRecord.hal, format === 'serial' ? 'mac-upper' : 'serial')).toMatchObject({ status: 'OK', certificate: { deviceName: name } });
    });
  }

  it('the serial format replaces chars outside the DeviceName set with _', () => {
    const board = createMockBoard({ serial: 'SN 12/34#x' });
    expect(deriveDeviceName(board.hal.identity, 'serial')).toEqual({ ok: true, value: 'SN_12_34_x' });
  });

  it('a board without the identity the format needs, or a name that comes out invalid, is INVALID with a remedy', () => {
    expect(deriveDeviceName(createMockBoard({ mac: null }).hal.identity, 'mac-upper')).toMatchObject({ ok: false, message: expect.stringMatching(/no MAC/) });
    expect(deriveDeviceName(createMockBoard({ serial: null }).hal.identity, 'serial')).toMatchObject({ ok: false, message: expect.stringMatching(/no serial/) });
    expect(deriveDeviceName(createMockBoard({ serial: 'x'.repeat(40) }).hal.identity, 'serial')).toMatchObject({ ok: false });
    expect(deriveDeviceName(createMockBoard({ mac: 'not-a-mac' }).hal.identity, 'mac-lower')).toMatchObject({ ok: false });
    const board = boardWith({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR' }, { mac: null });
    expect(readFactoryCertificate(board.hal, 'mac-upper')).toMatchObject({ status: 'INVALID' });
  });

  it('when both secrets are present the DeviceSecret wins', () => {
    const board = boardWith({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR', deviceName: 'Example_dyn1', deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' });
    expect(readFactoryCertificate(board.hal, 'serial')).toMatchObject({ status: 'OK', certificate: { mode: 'device' } });
  });

  it('no record is EMPTY; a damaged record is CORRUPT; every byte flip is caught', () => {
    expect(readFactoryCertificate(createMockBoard().hal, 'serial')).toEqual({ status: 'EMPTY' });
    const encoded = encodeFactoryRecord({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR' });
    if (!encoded.ok) throw new Error();
    for (let i = 0; i < encoded.value.length; i++) {
      const v = encoded.value;
      const flipped = v.slice(0, i) + String.fromCharCode(v.charCodeAt(i) ^ 0x20) + v.slice(i + 1);
      const board = createMockBoard({ flash: { [FACTORY_KEY]: flipped } });
      expect(readFactoryCertificate(board.hal, 'serial').status, `byte ${i}`).toBe('CORRUPT');
    }
  });

  it('the encoder for tools refuses records the runtime could not use', () => {
    expect(encodeFactoryRecord({ productKey: 'a1ExpAkj9Hi' })).toMatchObject({ ok: false, message: expect.stringMatching(/neither/) });
    expect(encodeFactoryRecord({ productKey: '', productSecret: 'x' })).toMatchObject({ ok: false });
    expect(encodeFactoryRecord({ productKey: 'a1ExpAkj9Hi', productSecret: 'has space' })).toMatchObject({ ok: false });
    expect(encodeFactoryRecord({ productKey: 'a1ExpAkj9Hi', productSecret: 'ok', deviceName: 'abc' })).toMatchObject({ ok: false });
    expect(encodeFactoryRecord({ productKey: 'a1ExpAkj9Hi', productSecret: 'ok', deviceNameFormat: 'imei' as DeviceNameFormat })).toMatchObject({ ok: false });
  });

  it('every format of DEVICE_NAME_FORMATS (the list the tools offer) is accepted in a record and derives a name', () => {
    const board = createMockBoard();
    for (const format of DEVICE_NAME_FORMATS) {
      expect(encodeFactoryRecord({ productKey: 'a1ExpAkj9Hi', productSecret: 'ok', deviceNameFormat: format }).ok, format).toBe(true);
      expect(deriveDeviceName(board.hal.identity, format).ok, format).toBe(true);
    }
  });

  it('reading never writes: the runtime does not rewrite the factory record', () => {
    const board = boardWith({ productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR' });
    readFactoryCertificate(board.hal, 'mac-colon');
    expect(board.recorder.count('kv.set') + board.recorder.count('kv.remove')).toBe(0);
  });
});
