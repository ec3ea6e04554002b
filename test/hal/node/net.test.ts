import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBoard, mapSocketError, parseTarget, routeFor, type NodeBoard } from '../../../hal/node';
import { MAX_CONTEXTS, secureContextCount, secureContextFor } from '../../../hal/node/tls-contexts';
import { issueServerCert, makeCa, type TestCa } from '../certs';
import { recordingHandlers } from '../harness';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function board(options: Partial<Parameters<typeof createNodeBoard>[0]> = {}): NodeBoard {
  const dir = mkdtempSync(join(tmpdir(), 'aliot-net-'));
  const b = createNodeBoard({ kvDir: dir, log: { write() {} }, ...options });
  cleanups.push(() => {
    b.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return b;
}

function listen(server: net.Server): Promise<number> {
  cleanups.push(() => server.close());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('host map', () => {
  const map = {
    'iot-auth.cn-shanghai.aliyuncs.com': '127.0.0.1:8443',
    '*.iot-as-mqtt.cn-shanghai.aliyuncs.com': '127.0.0.1:8883',
    'pk1.iot-as-mqtt.cn-shanghai.aliyuncs.com': '[::1]:9000',
    'keep-port.example': 'localhost',
  };

  it('maps exact names, then one-label wildcards, case-insensitively', () => {
    expect(routeFor(map, 'IOT-AUTH.cn-shanghai.aliyuncs.com', 443)).toEqual({ host: '127.0.0.1', port: 8443, mapped: true });
    expect(routeFor(map, 'pk2.iot-as-mqtt.cn-shanghai.aliyuncs.com', 1883)).toEqual({ host: '127.0.0.1', port: 8883, mapped: true });
    expect(routeFor(map, 'pk1.iot-as-mqtt.cn-shanghai.aliyuncs.com', 1883)).toEqual({ host: '::1', port: 9000, mapped: true });
    expect(routeFor(map, 'a.b.iot-as-mqtt.cn-shanghai.aliyuncs.com', 1883).mapped).toBe(false);
    expect(routeFor(map, 'iot-as-mqtt.cn-shanghai.aliyuncs.com', 1883).mapped).toBe(false);
  });

  it('keeps the requested port when the target names none, and passes unmapped names through', () => {
    expect(routeFor(map, 'keep-port.example', 1234)).toEqual({ host: 'localhost', port: 1234, mapped: true });
    expect(routeFor(undefined, 'x', 1)).toEqual({ host: 'x', port: 1, mapped: false });
    expect(parseTarget('[::1]')).toEqual({ host: '::1' });
  });
});

describe('socket error mapping', () => {
  const e = (code: string) => Object.assign(new Error(code), { code });
  it('maps errno and TLS codes to HAL codes', () => {
    expect(mapSocketError(e('ECONNREFUSED'), false, false).code).toBe('REFUSED');
    expect(mapSocketError(e('ENOTFOUND'), false, false).code).toBe('DNS');
    expect(mapSocketError(e('EAI_AGAIN'), true, false).code).toBe('DNS');
    expect(mapSocketError(e('ECONNRESET'), false, true).code).toBe('RESET');
    expect(mapSocketError(e('ETIMEDOUT'), false, false).code).toBe('TIMEOUT');
    expect(mapSocketError(e('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), true, false).code).toBe('TLS_VERIFY');
    expect(mapSocketError(e('SELF_SIGNED_CERT_IN_CHAIN'), true, false).code).toBe('TLS_VERIFY');
    expect(mapSocketError(e('ERR_TLS_CERT_ALTNAME_INVALID'), true, false).code).toBe('TLS_VERIFY');
    expect(mapSocketError(e('CERT_HAS_EXPIRED'), true, false).code).toBe('TLS_VERIFY');
    expect(mapSocketError(e('ERR_SSL_WRONG_VERSION_NUMBER'), true, false).code).toBe('TLS_HANDSHAKE');
    expect(mapSocketError(e('ERR_SSL_DECRYPTION_FAILED'), true, true).code).toBe('IO');
    expect(mapSocketError(e('EHOSTUNREACH'), false, false).code).toBe('IO');
    expect(mapSocketError('weird', false, false).code).toBe('IO');
  });
});

describe('hal/node sockets', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  beforeAll(async () => {
    ca = await makeCa('node-net test CA');
    otherCa = await makeCa('unrelated CA');
  });

  it('a board that does not verify peers (caps.tlsVerifiesPeer false, as Espruino) connects despite a wrong CA', async () => {
    const { cert, key } = await issueServerCert(otherCa, ['x.local']);
    const port = await listen(tls.createServer({ cert, key }, (s) => s.on('error', () => {})));
    const b = board({ caps: { tlsVerifiesPeer: false } });
    const { handlers, rec } = recordingHandlers();
    const socket = b.hal.net.open({ host: '127.0.0.1', port, tls: true, ca: [ca.pem], servername: 'y.local' }, handlers);
    await until(() => rec.connected || rec.closed);
    expect(rec.events).toEqual(['connect']);
    socket.close();
  });

  it('reports TIMEOUT when the TLS handshake never completes within connectTimeoutMs', async () => {
    const port = await listen(net.createServer((s) => s.on('error', () => {}))); // accepts, never answers
    const b = board({ connectTimeoutMs: 150 });
    const { handlers, rec } = recordingHandlers();
    b.hal.net.open({ host: '127.0.0.1', port, tls: true, ca: [ca.pem], servername: 'x.local' }, handlers);
    await until(() => rec.closed);
    expect(rec.events).toEqual(['close:TIMEOUT']);
  });

  it('never throws on a malformed CA: the failure arrives through onClose', async () => {
    const { cert, key } = await issueServerCert(ca, ['x.local']);
    const port = await listen(tls.createServer({ cert, key }, (s) => s.on('error', () => {})));
    const b = board();
    const { handlers, rec } = recordingHandlers();
    expect(() =>
      b.hal.net.open({ host: '127.0.0.1', port, tls: true, ca: ['-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n'], servername: 'x.local' }, handlers),
    ).not.toThrow();
    expect(rec.events).toEqual([]);
    await until(() => rec.closed);
    expect(rec.connected).toBe(false);
  });

  it('never throws on options Node rejects (a port out of range): onClose(IO) arrives later', async () => {
    const b = board();
    const { handlers, rec } = recordingHandlers();
    expect(() => b.hal.net.open({ host: '127.0.0.1', port: 70000, tls: false }, handlers)).not.toThrow();
    expect(rec.events).toEqual([]);
    await until(() => rec.closed);
    expect(rec.events).toEqual(['close:IO']);
  });

  it('verifies an IP-address name without sending it as SNI', async () => {
    const { cert, key } = await issueServerCert(ca, ['x.local']);
    let sni: string | false | null | undefined = 'unset';
    const port = await listen(
      tls.createServer({ cert, key }, (s) => {
        sni = (s as tls.TLSSocket).servername;
        s.on('error', () => {});
      }),
    );
    const b = board();
    const { handlers, rec } = recordingHandlers();
    b.hal.net.open({ host: '127.0.0.1', port, tls: true, ca: [ca.pem] }, handlers);
    await until(() => rec.closed);
    expect(rec.error?.code).toBe('TLS_VERIFY'); // the certificate names x.local, not 127.0.0.1
    expect(sni === 'unset' || !sni).toBe(true);
  });

  it('delivers data as plain Uint8Array views and writes copies of the caller bytes', async () => {
    let received = Buffer.alloc(0);
    const port = await listen(
      net.createServer((s) => {
        s.on('data', (d) => (received = Buffer.concat([received, d])));
        s.write('pong');
      }),
    );
    const b = board();
    const { handlers, rec } = recordingHandlers();
    const socket = b.hal.net.open({ host: '127.0.0.1', port, tls: false }, handlers);
    await until(() => rec.connected && rec.length() === 4);
    expect(rec.data[0]).toBeInstanceOf(Uint8Array);
    const buf = new Uint8Array([1, 2, 3]);
    socket.write(buf);
    buf.fill(9);
    await until(() => received.length === 3);
    expect([...received]).toEqual([1, 2, 3]);
    socket.close();
  });

  it('sockets of different boards trusting the same CAs share one TLS context, and each still verifies the server', async () => {
    const { cert, key } = await issueServerCert(ca, ['x.local']);
    const port = await listen(tls.createServer({ cert, key }, (s) => s.on('error', () => {})));
    const trusted = [`${ca.pem}\n`]; // a CA list no other test uses
    const before = secureContextCount();
    const opened = [board(), board()].map((b) => {
      const { handlers, rec } = recordingHandlers();
      return { socket: b.hal.net.open({ host: '127.0.0.1', port, tls: true, ca: trusted, servername: 'x.local' }, handlers), rec };
    });
    await until(() => opened.every((o) => o.rec.connected || o.rec.closed));
    expect(opened.map((o) => o.rec.events)).toEqual([['connect'], ['connect']]);
    expect(secureContextCount()).toBe(Math.min(before + 1, MAX_CONTEXTS));
    expect(secureContextFor(trusted)).toBe(secureContextFor([`${ca.pem}\n`]));
    // The shared context does not loosen the checks: a wrong name, or other CAs, still fail.
    const wrongName = recordingHandlers();
    board().hal.net.open({ host: '127.0.0.1', port, tls: true, ca: trusted, servername: 'y.local' }, wrongName.handlers);
    const wrongCa = recordingHandlers();
    board().hal.net.open({ host: '127.0.0.1', port, tls: true, ca: [otherCa.pem], servername: 'x.local' }, wrongCa.handlers);
    await until(() => wrongName.rec.closed && wrongCa.rec.closed);
    expect([wrongName.rec.events, wrongCa.rec.events]).toEqual([['close:TLS_VERIFY'], ['close:TLS_VERIFY']]);
    for (const o of opened) o.socket.close();
  });

  it('holds at most MAX_CONTEXTS TLS contexts however many CA lists are used', () => {
    for (let n = 1; n <= MAX_CONTEXTS + 3; n++) secureContextFor(Array.from({ length: n }, () => ca.pem));
    expect(secureContextCount()).toBe(MAX_CONTEXTS);
  });
});
