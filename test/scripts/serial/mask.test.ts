// The masking rule of `aliot monitor` and of the bitl reports (scripts/serial/mask.ts): labelled secret values
// and any run of 32+ letters/digits show as their first 4 characters and '…'.
import { describe, expect, it } from 'vitest';
import { maskConsoleLine, maskConsoleText } from '../../../scripts/serial/mask';
import { ConsoleLineSplitter, visible } from '../../../scripts/serial/console-lines';

const DS = 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4'; // 32 chars, a DeviceSecret
const PS = 'ffFnFlKQW3HYjjPR'; // 16 chars, a ProductSecret

describe('maskConsoleLine', () => {
  it.each([
    [`deviceSecret=${DS}`, 'deviceSecret=KGQQ…'],
    [`{"productKey":"a1ExpAkj9Hi","deviceSecret":"${DS}"}`, '{"productKey":"a1ExpAkj9Hi","deviceSecret":"KGQQ…"}'],
    [`DeviceSecret : ${DS}`, 'DeviceSecret : KGQQ…'],
    [`Dynamic Register Device Secret: ${DS}`, 'Dynamic Register Device Secret: KGQQ…'],
    [`productSecret=${PS}&sign=abc`, 'productSecret=ffFn…&sign=a…'],
    [`product_secret: ${PS}`, 'product_secret: ffFn…'],
    [`password=4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931`, 'password=4CDC…'],
    [`iotToken: abcdEFGH1234`, 'iotToken: abcd…'],
    [`token=${PS}`, 'token=ffFn…'],
  ])('labelled: %s', (line, masked) => {
    expect(maskConsoleLine(line)).toBe(masked);
  });

  it('masks any unlabelled run of 32 or more letters and digits, and keeps shorter ones', () => {
    expect(maskConsoleLine(`got ${DS} from the cloud`)).toBe('got KGQQ… from the cloud');
    expect(maskConsoleLine('aliot: device a1ExpAkj9Hi.240AC4002F90 (product certificate)')).toBe(
      'aliot: device a1ExpAkj9Hi.240AC4002F90 (product certificate)',
    );
    expect(maskConsoleLine('signmethod=hmacsha256,timestamp=2524608000000')).toBe('signmethod=hmacsha256,timestamp=2524608000000');
  });

  it('leaves values already masked by the firmware alone (Unicode … or its UTF-8 bytes from an ESP32)', () => {
    expect(maskConsoleLine('I [store] deviceSecret stored in aliot.cred.a (seq 1): MswU…')).toBe('I [store] deviceSecret stored in aliot.cred.a (seq 1): MswU…');
    expect(maskConsoleLine('Device Secret: MswU\xE2\x80\xA6')).toBe('Device Secret: MswU\xE2\x80\xA6');
  });

  it('never lets a secret through, whatever the label case or separator', () => {
    for (const line of [`DEVICESECRET=${DS}`, `device-secret:${DS}`, `x ${DS}${DS}`, `"secret" = "${PS}"`]) {
      const masked = maskConsoleLine(line);
      expect(masked).not.toContain(DS.slice(4));
      expect(masked).not.toContain(PS.slice(4));
    }
    expect(maskConsoleText(`a\ndeviceSecret=${DS}\n`)).toBe('a\ndeviceSecret=KGQQ…\n');
  });
});

describe('console lines from the serial stream', () => {
  it('splits at \\n in any chunking, drops \\r, reads a line redrawn over the prompt, and hides tool result lines', () => {
    const stream = '>\raliot: boot esp32 firmware 0.1.0\r\n>\x10\r@@aliot:3:ok:1\r\nplain\r\n\x06\x15after ack\r\n';
    for (const size of [1, 3, stream.length]) {
      const lines: string[] = [];
      const splitter = new ConsoleLineSplitter((l) => lines.push(l.text));
      for (let i = 0; i < stream.length; i += size) splitter.push(stream.slice(i, i + size));
      expect(lines).toEqual(['aliot: boot esp32 firmware 0.1.0', 'plain', 'after ack']);
      splitter.push('>');
      expect(splitter.pending()).toBe('>');
    }
    expect(visible('abc\rxy\r')).toBe('xy');
  });
});
