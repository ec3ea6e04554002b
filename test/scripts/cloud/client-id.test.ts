// The clientId grammar `<id>|k=v,...|` (protocol.md §2, §3) on the SDKs' own examples and on broken ones.

import { describe, expect, it } from 'vitest';
import { parseClientId, secureModeOf, parseUsername } from '../../../scripts/cloud/mqtt/client-id';

function params(clientId: string): Record<string, string> {
  const r = parseClientId(clientId);
  if (!r.ok) throw new Error(r.reason);
  return Object.fromEntries(r.value.params);
}

describe('clientId grammar', () => {
  it('parses the SDK 3.0.1, 4.2.0, dynreg and Node SDK forms', () => {
    expect(params('a1ExpAkj9Hi.Example_dyn1|timestamp=2524608000000,_v=sdk-c-3.0.1,securemode=2,signmethod=hmacsha256,lan=C,gw=0,ext=0|')).toEqual({
      timestamp: '2524608000000', _v: 'sdk-c-3.0.1', securemode: '2', signmethod: 'hmacsha256', lan: 'C', gw: '0', ext: '0',
    });
    expect(params('a1ExpAkj9Hi.Example_dyn1|timestamp=2524608000000,_ss=1,_v=sdk-c-4.2.0,securemode=2,signmethod=hmacsha256,ext=3,_conn=tls_0a1b|')._ss).toBe('1');
    expect(params('Example_dyn1.a1ExpAkj9Hi|random=692147492,authType=register,securemode=2,signmethod=hmacsha256|').authType).toBe('register');
    expect(params('12345|securemode=3,signmethod=hmacsha1,timestamp=789|').securemode).toBe('3');
    const r = parseClientId('AA:BB:CC:DD:EE:FF|securemode=2,signmethod=hmacsha256|');
    expect(r.ok && r.value.base).toBe('AA:BB:CC:DD:EE:FF');
  });

  it('refuses clientIds a real client would not send', () => {
    for (const bad of [
      'a1ExpAkj9Hi.Example_dyn1',
      'a1ExpAkj9Hi.Example_dyn1|securemode=2',
      'a1ExpAkj9Hi.Example_dyn1|securemode=2,securemode=3|',
      'a1ExpAkj9Hi.Example_dyn1|securemode|',
      'a1ExpAkj9Hi.Example_dyn1|=2|',
      'a1ExpAkj9Hi.Example_dyn1|secure-mode=2|',
      '|securemode=2|',
      'x'.repeat(65) + '|securemode=2|',
      'has space|securemode=2|',
    ]) {
      expect(parseClientId(bad).ok, bad).toBe(false);
    }
  });

  it('reads securemode as an integer and the username as DN&PK', () => {
    expect(secureModeOf(new Map([['securemode', '-2']]))).toBe(-2);
    expect(secureModeOf(new Map([['securemode', 'two']]))).toBeNull();
    expect(secureModeOf(new Map())).toBeNull();
    expect(parseUsername('Example_dyn1&a1ExpAkj9Hi')).toEqual({ deviceName: 'Example_dyn1', productKey: 'a1ExpAkj9Hi' });
    expect(parseUsername('a&b&c')).toBeNull();
    expect(parseUsername('&a1ExpAkj9Hi')).toBeNull();
    expect(parseUsername(undefined)).toBeNull();
  });
});
