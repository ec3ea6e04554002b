// The HTTPS endpoint's transport edges: malformed forms (460), unknown path (404), wrong method (405),
// oversized body (413), slow clients cut off, and a certificate valid for every region's iot-auth name.

import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { REGIONS } from '../../../src/auth/index';
import { dynregBody, httpsPost, removeDir, startTestCloud } from './helpers';

const CLIENT_TIMEOUT_MS = 800;
let cloud: RunningCloud;
let pk: string;
let ps: string;

beforeAll(async () => {
  cloud = await startTestCloud({ httpsClientTimeoutMs: CLIENT_TIMEOUT_MS });
  const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
  pk = product.productKey;
  ps = product.productSecret;
  cloud.registry.devices.add(pk, ['edge-01'], Date.now());
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

const post = (body: string, contentType?: string) => httpsPost(cloud, '/auth/register/device', body, { contentType });

/** Opens a TLS connection, writes `text`, and resolves with what came back and after how long the server closed. */
function slowClient(text: string): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let reply = '';
    const socket = connect({ host: '127.0.0.1', port: cloud.httpsPort, ca: cloud.caPem, servername: 'iot-auth.cn-shanghai.aliyuncs.com' }, () => {
      socket.write(text);
    });
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ ms: Date.now() - started, reply }));
    setTimeout(() => reject(new Error('slow client was never cut off')), 10_000);
  });
}

describe('HTTPS endpoint edges', () => {
  it('answers 460 "param error" to malformed forms', async () => {
    const good = dynregBody(pk, 'edge-01', ps);
    const cases = [
      good.replace('&random=', '&random'),
      good + '&sign=%zz',
      good + '&productKey=' + pk,
      good.replace(/&signMethod=[a-z0-9]+/, ''),
      good.replace(/&signMethod=[a-z0-9]+/, '&signMethod=hmacsha512'),
      good.replace(/deviceName=[^&]+/, 'deviceName=a%20b'),
      good.replace(/sign=[^&]+/, 'sign=not-hex'),
      '',
      '&&',
    ];
    for (const body of cases) {
      const r = await post(body);
      expect(r.status, body).toBe(200);
      expect(r.json, body).toEqual({ code: 460, message: 'param error' });
    }
  });

  it('answers 460 to a body that is not a form', async () => {
    const r = await post(JSON.stringify({ productKey: pk }), 'application/json');
    expect(r.json.code).toBe(460);
  });

  it('answers an unknown path with HTTP 404 and a wrong method with HTTP 405 (Allow: POST)', async () => {
    expect((await httpsPost(cloud, '/auth/register/nothing', '')).status).toBe(404);
    expect((await httpsPost(cloud, '/', '')).status).toBe(404);
    const r = await httpsPost(cloud, '/auth/register/device', '', { method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
    expect((await httpsPost(cloud, '/auth/devicename', '', { method: 'PUT' })).status).toBe(405);
  });

  it('answers an oversized body with HTTP 413', async () => {
    const body = dynregBody(pk, 'edge-01', ps) + '&pad=' + 'x'.repeat(8000);
    const r = await post(body);
    expect(r.status).toBe(413);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const r = await slowClient('POST /auth/register/device HTTP/1.1\r\nHost: iot-auth.cn-shanghai.aliyuncs.com\r\n');
    expect(r.ms).toBeLessThan(CLIENT_TIMEOUT_MS + 3000);
    expect(r.reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a client that sends nothing after the TLS handshake', async () => {
    const r = await slowClient('');
    expect(r.ms).toBeLessThan(2 * CLIENT_TIMEOUT_MS + 3000);
  });

  it('cuts off a client that never finishes its body', async () => {
    const head =
      'POST /auth/register/device HTTP/1.1\r\nHost: iot-auth.cn-shanghai.aliyuncs.com\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nproductKey=';
    const r = await slowClient(head);
    expect(r.ms).toBeLessThan(CLIENT_TIMEOUT_MS + 3000);
    expect(r.reply).toMatch(/^HTTP\/1\.1 408/);
    expect(r.reply).not.toContain('"code":200');
  });

  it('presents a certificate that verifies for iot-auth.<region>.aliyuncs.com in every region', async () => {
    for (const region of REGIONS) {
      const host = `iot-auth.${region}.aliyuncs.com`;
      const r = await httpsPost(cloud, '/auth/register/device', dynregBody(pk, 'edge-01', ps), { servername: host });
      expect(r.json.code, host).toBe(200);
    }
  });

  it('is refused by a client that verifies a name the certificate does not cover', async () => {
    await expect(httpsPost(cloud, '/auth/register/device', '', { servername: 'iot-auth.example.com' })).rejects.toThrow(/altnames|Hostname/i);
  });
});
