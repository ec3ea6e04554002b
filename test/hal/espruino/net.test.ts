// hal/espruino's Net over the virtual ESP32's require("net") / require("tls") (spec/espruino.md §0.2, §1b).
import * as net from 'node:net';
import * as tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeSessions } from '../../scripts/board/virtual-harness';
import { issueServerCert, makeCa, type ServerCert, type TestCa } from '../certs';
import { bootProbe } from './probe-board';

const AUTH_HOST = 'iot-auth.cn-shanghai.aliyuncs.com';
const servers: net.Server[] = [];
let ca: TestCa;
let cert: ServerCert;

beforeAll(async () => {
  ca = await makeCa('local-cloud-ca');
  cert = await issueServerCert(ca, [AUTH_HOST]);
});
afterEach(() => disposeSessions());
afterAll(() => {
  for (const s of servers) s.close();
});

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A TLS server answering one request with a complete HTTP response, then closing (close_notify). */
async function httpsOnce(): Promise<number> {
  return listen(
    tls.createServer({ cert: cert.cert, key: cert.key }, (socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    }),
  );
}

/** A TLS server that accepts and holds connections. */
async function tlsHold(): Promise<number> {
  return listen(tls.createServer({ cert: cert.cert, key: cert.key }, (socket) => socket.on('error', () => {})));
}

const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');

describe('hal/espruino sockets (§1b)', () => {
  it('string socket data becomes bytes, and bytes are written as 8-bit strings: 0x00 and 0xFF survive both ways', async () => {
    const received: Buffer[] = [];
    const port = await listen(
      net.createServer((socket) =>
        socket.on('data', (d) => {
          received.push(d);
          socket.write(Buffer.from([0xff, 0x00, 0x7f, 0x80]));
        }),
      ),
    );
    const { s } = await bootProbe();
    s.send(`probe.open("t", {host: "127.0.0.1", port: ${port}, tls: false})`, true);
    expect(await s.probe('t.connect')).toBe(true);
    s.send('probe.write("t", [0, 255, 65, 128])', true);
    expect(await s.probe('t.write')).toBeNull();
    expect(await s.probe('t.data')).toBe('ff007f80');
    expect(Buffer.concat(received)).toEqual(Buffer.from([0x00, 0xff, 0x41, 0x80]));
    s.send('probe.close("t")', true);
    await s.probe('t.closed');
  });

  it('§1b a -30848 after a complete response arrives as PEER_CLOSE_NOTIFY; the host map takes the real name to the local server', async () => {
    const port = await httpsOnce();
    const { s } = await bootProbe({ hostMap: { [AUTH_HOST]: `127.0.0.1:${port}` } });
    s.send(`probe.open("h", {host: "${AUTH_HOST}", port: 443, tls: true, ca: [${JSON.stringify(ca.pem)}]})`, true);
    expect(await s.probe('h.connect')).toBe(true);
    s.send('probe.write("h", [71, 69, 84, 10])', true);
    expect(await s.probe('h.data')).toBe(hex('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    expect(await s.probe<{ code: string }>('h.close')).toMatchObject({ code: 'PEER_CLOSE_NOTIFY' });
  });

  it('the CA goes to Espruino as DER: a PEM root (which mbedtls there cannot parse) still connects', async () => {
    const port = await tlsHold();
    const { s } = await bootProbe();
    s.send(`probe.open("c", {host: "127.0.0.1", port: ${port}, tls: true, ca: [${JSON.stringify(ca.pem)}]})`, true);
    expect(await s.probe('c.connect')).toBe(true);
    expect(s.board.consoleLines().some((l) => l.includes('mbedtls_x509_crt_parse'))).toBe(false);
  });

  it('caps.maxTlsSockets: a second TLS socket while one is open closes with LIMIT', async () => {
    const port = await tlsHold();
    const { s, ready } = await bootProbe();
    expect(ready.caps.maxTlsSockets).toBe(1);
    s.send(`probe.open("a", {host: "127.0.0.1", port: ${port}, tls: true}); probe.open("b", {host: "127.0.0.1", port: ${port}, tls: true})`, true);
    expect(await s.probe<{ code: string }>('b.close')).toMatchObject({ code: 'LIMIT' });
    expect(await s.probe('a.connect')).toBe(true);
    expect(s.board.consoleLines().some((l) => l.includes('Not enough memory'))).toBe(false);
  });

  it('a TLS socket opened right after close() waits until the old one has freed its mbedtls memory, then connects', async () => {
    const port = await tlsHold();
    const { s } = await bootProbe();
    s.send(`probe.open("a", {host: "127.0.0.1", port: ${port}, tls: true})`, true);
    await s.probe('a.connect');
    s.send(`probe.close("a"); probe.open("b", {host: "127.0.0.1", port: ${port}, tls: true})`, true);
    expect(await s.probe('b.connect')).toBe(true);
    expect(s.board.consoleLines().some((l) => l.includes('Not enough memory'))).toBe(false);
    expect(s.board.consoleLines().some((l) => l.startsWith('PROBE a.close '))).toBe(false); // no handler after close()
    expect(s.board.consoleLines()).toContain('D [net] waiting for a closing TLS socket to free its memory');
  });

  it('failures arrive through onClose, later: refused → REFUSED, unknown host → DNS, failed handshake → TLS_HANDSHAKE', async () => {
    const closed = await listen(net.createServer());
    servers.pop()!.close();
    const notTls = await listen(net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const { s } = await bootProbe();
    s.send(
      `probe.open("r", {host: "127.0.0.1", port: ${closed}, tls: false}); probe.open("d", {host: "nowhere.invalid", port: 1, tls: false});` +
        ` probe.open("x", {host: "127.0.0.1", port: ${notTls}, tls: true}); probe.report("returned", true)`,
      true,
    );
    await s.probe('returned'); // open() returned before any handler ran
    expect(await s.probe<{ code: string }>('r.close')).toMatchObject({ code: 'REFUSED' });
    expect(await s.probe<{ code: string }>('d.close')).toMatchObject({ code: 'DNS' });
    expect(await s.probe<{ code: string }>('x.close')).toMatchObject({ code: 'TLS_HANDSHAKE' });
  });

  it('no handler runs after close(), not even for a socket closed before it connected', async () => {
    const port = await listen(net.createServer((socket) => socket.end('hello')));
    const { s } = await bootProbe();
    s.send(`probe.open("q", {host: "127.0.0.1", port: ${port}, tls: false}); probe.close("q")`, true);
    await s.probe('q.closed');
    s.send(`probe.open("z", {host: "127.0.0.1", port: ${port}, tls: false})`, true);
    expect(await s.probe('z.data')).toBe(hex('hello'));
    expect(s.board.consoleLines().filter((l) => l.startsWith('PROBE q.'))).toEqual(['PROBE q.closed true']);
  });

  it('§1b "calling .end() on a plain net socket while a TLS socket is open" ASSERTs on Linux: that end() waits for the TLS socket to go', async () => {
    const tlsPort = await tlsHold();
    let plainEnded = false;
    const plainPort = await listen(net.createServer((socket) => socket.on('end', () => (plainEnded = true))));
    const { s } = await bootProbe();
    s.send(`probe.open("t", {host: "127.0.0.1", port: ${tlsPort}, tls: true}); probe.open("p", {host: "127.0.0.1", port: ${plainPort}, tls: false})`, true);
    await s.probe('t.connect');
    await s.probe('p.connect');
    s.send('probe.close("p")', true);
    await s.probe('p.closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(plainEnded).toBe(false);
    s.send('probe.close("t")', true);
    await s.probe('t.closed');
    await expect.poll(() => plainEnded, { timeout: 5000 }).toBe(true);
  });

  it('write returns BUSY past the send buffer and onDrain follows once Espruino has sent it', async () => {
    const port = await listen(net.createServer((socket) => socket.on('data', () => {})));
    const { s } = await bootProbe();
    s.send(`probe.open("w", {host: "127.0.0.1", port: ${port}, tls: false})`, true);
    await s.probe('w.connect');
    s.send('var chunk = []; for (var i = 0; i < 3000; i++) chunk.push(i & 255); probe.write("w", chunk); probe.write("w", chunk)', true);
    expect(await s.probe('w.write')).toBeNull();
    expect(await s.probe<{ code: string }>('w.write')).toMatchObject({ code: 'BUSY' });
    expect(await s.probe('w.drain')).toBe(true);
    s.send('probe.write("w", chunk)', true);
    expect(await s.probe('w.write')).toBeNull();
  });
});
