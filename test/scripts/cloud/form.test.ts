// The strict form parser behind 460 "param error".

import { describe, expect, it } from 'vitest';
import { isFormContentType, parseForm } from '../../../scripts/cloud/https/form';

describe('form parser', () => {
  it('parses the §1 body, in the C SDK raw form and in the Node URL-encoded form', () => {
    const raw = parseForm('productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&random=692147492&sign=D43C&signMethod=hmacsha256');
    expect(raw.ok && Object.fromEntries(raw.fields)).toEqual({
      productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', random: '692147492', sign: 'D43C', signMethod: 'hmacsha256',
    });
    const encoded = parseForm('deviceName=sensor.v2%40lab%3A7&x=a+b');
    expect(encoded.ok && Object.fromEntries(encoded.fields)).toEqual({ deviceName: 'sensor.v2@lab:7', x: 'a b' });
    expect(parseForm('').ok).toBe(true);
    expect(parseForm('a=').ok).toBe(true);
  });

  it('refuses parts without =, empty names, bad escapes and repeated names', () => {
    for (const bad of ['a', 'a=1&b', '=1', 'a=%G1', 'a=%', 'a=1&a=2', 'a=1&&b=2']) {
      expect(parseForm(bad).ok, bad).toBe(false);
    }
  });

  it('takes the form content type with or without a charset', () => {
    expect(isFormContentType('application/x-www-form-urlencoded')).toBe(true);
    expect(isFormContentType('application/x-www-form-urlencoded;charset=utf-8')).toBe(true);
    expect(isFormContentType('Application/X-WWW-Form-URLEncoded; charset=UTF-8')).toBe(true);
    expect(isFormContentType('application/json')).toBe(false);
    expect(isFormContentType(undefined)).toBe(false);
  });
});
