// require("net") / require("tls") on the virtual ESP32, held to spec/espruino.md §0.2 and §1b.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ESPRUINO_SNI, TLS_SOCKET_HEAP_BYTES } from '../../../scripts/board/virtual';
import { issueServerCert, makeCa, type ServerCert, type TestCa } from '../../hal/certs';
import { bootSession, disposeSessions, jsString } from './virtual-harness';

const servers: net.Server[] = [];
let serverCa: TestCa;
let otherCa: TestCa;
let cert: ServerCert;

beforeAll(async () => {
  serverCa = await makeCa('server-ca');
  otherCa = await makeCa('unrelated-ca');
  cert = await issueServerCert(serverCa, ['localhost']);
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

/** A TLS server: answers "pong:<request>" and ends (sending close_notify). Records the SNI it saw. */
async function tlsPongServer(seen: { servername?: string | false | null } = {}): Promise<number> {
  const server = tls.createServer({ cert: cert.cert, key: cert.key }, (socket) => {
    seen.servername = socket.servername;
    socket.on('error', () => {});
    socket.on('data', (data) => {
      socket.write(Buffer.concat([Buffer.from('pong:'), data]));
      socket.end();
    });
  });
  return listen(server);
}

/** Event-recording JS for the VM: prints "EVENTS [...]" at 'close'. */
function recordEvents(socketExpr: string): string {
  return (
    `var ev = []; var s = ${socketExpr}; ["connect", "data", "drain", "error", "end", "close"].forEach(function (n) {` +
    ` s.on(n, function (a) { if (n !== "drain") ev.push(n === "connect" || a === undefined ? n : n + " " + JSON.stringify(a));` +
    ` if (n === "close") print("EVENTS " + JSON.stringify(ev)); }); });`
  );
}

async function events(line: string): Promise<string[]> {
  return JSON.parse(line.slice('EVENTS '.length)) as string[];
}

describe('virtual ESP32 sockets (§1b)', () => {
  it("§1b 'data' events deliver 8-bit strings: bytes 0x00 and 0xFF arrive as characters", async () => {
    const port = await listen(net.createServer((socket) => socket.end(Buffer.from([0x00, 0x41, 0xff]))));
    const s = await bootSession();
    s.send(`require("net").connect({host: "127.0.0.1", port: ${port}}).on("data", function (d) { print("DATA", typeof d, d.length, d.charCodeAt(0), d.charCodeAt(2)); });`, true);
    expect(await s.waitForLine(/^DATA/)).toBe('DATA string 3 0 255');
  });

  it('write sends data.toString() (jswrap_net.c): a Uint8Array goes out as "1,2,3", an E.toString string as its bytes', async () => {
    const received: Buffer[] = [];
    const port = await listen(net.createServer((socket) => socket.on('data', (d) => received.push(d))));
    const s = await bootSession();
    s.send(`var c = require("net").connect({host: "127.0.0.1", port: ${port}}, function () { c.write(new Uint8Array([1, 2, 3])); c.write(E.toString([0, 255])); c.end(); });`, true);
    s.send(`c.on("close", function () { print("CLOSED"); });`, true);
    await s.waitForLine('CLOSED');
    expect(Buffer.concat(received)).toEqual(Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0x33, 0x00, 0xff]));
  });

  it('events are queued for later, never run inside connect(): a listener added after connect() sees them', async () => {
    const port = await listen(net.createServer((socket) => socket.end('x')));
    const s = await bootSession();
    s.send(`var order = []; var c = require("net").connect({host: "127.0.0.1", port: ${port}}); order.push("returned"); c.on("connect", function () { order.push("connect"); }); c.on("close", function () { print("ORDER " + order.join(",")); });`, true);
    expect(await s.waitForLine(/^ORDER/)).toBe('ORDER returned,connect');
  });

  it('the host map takes the real Alibaba host name to the local server', async () => {
    const port = await listen(net.createServer((socket) => socket.end('mapped')));
    const s = await bootSession({ hostMap: { '*.iot-as-mqtt.cn-shanghai.aliyuncs.com': `127.0.0.1:${port}` } });
    s.send('require("net").connect({host: "a1b2c3.iot-as-mqtt.cn-shanghai.aliyuncs.com", port: 1883}).on("data", function (d) { print("GOT " + d); });', true);
    expect(await s.waitForLine(/^GOT/)).toBe('GOT mapped');
  });

  it('a name outside the host map does not resolve: connect() throws InternalError "Unable to locate host" (ESP32 gethostbyname)', async () => {
    const s = await bootSession();
    s.send('try { require("net").connect({host: "no-such-host.example", port: 80}); } catch (e) { print("THREW " + e.name + ": " + e.message); }', true);
    expect(await s.waitForLine(/^THREW/)).toBe('THREW InternalError: Unable to locate host');
  });

  it("a refused connection: 'error' {code:-9} (socketerrors.h \"connection reset (or refused)\"), 'end', 'close'(true), no 'connect'", async () => {
    const port = await listen(net.createServer());
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const s = await bootSession();
    s.send(recordEvents(`require("net").connect({host: "127.0.0.1", port: ${port}})`), true);
    expect(await events(await s.waitForLine(/^EVENTS/))).toEqual(['error {"code":-9,"message":"connection reset"}', 'end', 'close true']);
  });

  it("a plain socket the peer closes: 'end' and 'close'(false), no 'error' (socket code -1 is not an error)", async () => {
    const port = await listen(net.createServer((socket) => socket.end('bye')));
    const s = await bootSession();
    s.send(recordEvents(`require("net").connect({host: "127.0.0.1", port: ${port}})`), true);
    expect(await events(await s.waitForLine(/^EVENTS/))).toEqual(['connect', 'data "bye"', 'end', 'close false']);
  });
});

describe('virtual ESP32 TLS (§0.2, §1b)', () => {
  it('§0.2 does not verify the server: a certificate from an unrelated CA is accepted; the SNI is always "mbed TLS Server 1"', async () => {
    const seen: { servername?: string | false | null } = {};
    const port = await tlsPongServer(seen);
    const s = await bootSession({ hostMap: { 'iot-auth.cn-shanghai.aliyuncs.com': `127.0.0.1:${port}` } });
    const der = jsString(Buffer.from(otherCa.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('latin1'));
    s.send(`var c = require("tls").connect({host: "iot-auth.cn-shanghai.aliyuncs.com", port: 443, ca: ${der}}, function () { c.write("ping"); }); c.on("data", function (d) { print("TLS " + d); });`, true);
    expect(await s.waitForLine(/^TLS/)).toBe('TLS pong:ping');
    expect(seen.servername).toBe(ESPRUINO_SNI);
  });

  it("§1b after a complete response the TLS peer's close comes as 'error' {code:-30848} before 'close'", async () => {
    const port = await tlsPongServer();
    const s = await bootSession();
    s.send(recordEvents(`require("tls").connect({host: "127.0.0.1", port: ${port}}, function () { s.write("hi"); })`), true);
    expect(await events(await s.waitForLine(/^EVENTS/))).toEqual([
      'connect',
      'data "pong:hi"',
      'error {"code":-30848,"message":"unknown error"}',
      'end',
      'close true',
    ]);
  });

  it('§1b CA as DER only: a PEM string fails mbedtls_x509_crt_parse and connect() throws "Unable to create socket"', async () => {
    const port = await tlsPongServer();
    const s = await bootSession();
    s.send(`try { require("tls").connect({host: "127.0.0.1", port: ${port}, ca: ${JSON.stringify(serverCa.pem)}}); } catch (e) { print("THREW " + e.message); }`, true);
    expect(await s.waitForLine(/^THREW/)).toBe('THREW Unable to create socket');
    expect(s.board.consoleLines().some((l) => l.includes("mbedtls_x509_crt_parse of 'ca'"))).toBe(true);
  });

  it('§1b "Plan for one TLS connection at a time": mbedtls buffers come from the native heap, so a second TLS socket fails', async () => {
    const port = await listen(tls.createServer({ cert: cert.cert, key: cert.key }, (socket) => socket.on('error', () => {})));
    const s = await bootSession();
    s.send('print("HEAP " + ESP32.getState().freeHeap)', true);
    const before = Number((await s.waitForLine(/^HEAP/)).slice(5));
    s.send(`var a = require("tls").connect({host: "127.0.0.1", port: ${port}}); print("HEAP " + ESP32.getState().freeHeap);`, true);
    expect(Number((await s.waitForLine(/^HEAP/)).slice(5))).toBe(before - TLS_SOCKET_HEAP_BYTES);
    s.send(`try { require("tls").connect({host: "127.0.0.1", port: ${port}}); } catch (e) { print("SECOND " + e.message); }`, true);
    expect(await s.waitForLine(/^SECOND/)).toBe('SECOND Unable to create socket');
    expect(s.board.consoleLines()).toContain('ERROR: Failed! mbedtls_ssl_setup: Not enough memory');
    s.send('a.on("close", function () { print("HEAP " + ESP32.getState().freeHeap); }); a.end();', true);
    expect(Number((await s.waitForLine(/^HEAP/)).slice(5))).toBe(before);
  });

  it("a failed handshake is only printed; the socket closes without 'error' ('connect' came with TCP, before the handshake)", async () => {
    const port = await listen(net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const s = await bootSession();
    s.send(recordEvents(`require("tls").connect({host: "127.0.0.1", port: ${port}})`), true);
    expect(await events(await s.waitForLine(/^EVENTS/))).toEqual(['connect', 'end', 'close false']);
    expect(s.board.consoleLines().some((l) => l.startsWith('ERROR: Failed! mbedtls_ssl_handshake returned'))).toBe(true);
  });

  it('a server with an EC (ECDSA P-256) certificate fails the handshake with -0x7780, as on Espruino, whose mbedtls has no ECDHE or ECDSA; an RSA one connects', async () => {
    const ecCa = await makeCa('ec-ca', 'ec');
    const ecCert = await issueServerCert(ecCa, ['localhost']);
    const ecPort = await listen(tls.createServer({ cert: ecCert.cert, key: ecCert.key }, (socket) => socket.on('error', () => {})));
    const s = await bootSession();
    s.send(recordEvents(`require("tls").connect({host: "127.0.0.1", port: ${ecPort}})`), true);
    expect(await events(await s.waitForLine(/^EVENTS/))).toEqual(['connect', 'end', 'close false']);
    expect(s.board.consoleLines().some((l) => l.startsWith('ERROR: Failed! mbedtls_ssl_handshake returned -0x7780'))).toBe(true);
    const rsaPort = await tlsPongServer();
    s.send(`var r = require("tls").connect({host: "127.0.0.1", port: ${rsaPort}}, function () { r.write("ping"); }); r.on("data", function (d) { print("RSA " + d); });`, true);
    expect(await s.waitForLine(/^RSA/)).toBe('RSA pong:ping');
  });
});
