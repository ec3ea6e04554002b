// Issue 17 rows 2 and 3, against the real admin server with raw HTTP requests: no credentials, a wrong token, a
// web page's cross-origin POST (text/plain, the kind a browser sends without asking), a DNS-rebinding Host. None
// may read a secret or change anything; the token lives 0600 in the data dir and survives a restart; secrets come
// in full only to a call with the token that asks (?secrets=full); the event stream is behind the token too.

import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preRegisterDevice } from '../../../scripts/board/provision/cloud';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { removeDir, startTestCloud, tempDir } from '../cloud/helpers';

let cloud: RunningCloud;
let productSecret: string;
let deviceSecret: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  const product = cloud.registry.products.add({ productKey: 'a1Hostile01', dynamicRegistration: false }, Date.now());
  productSecret = product.productSecret;
  deviceSecret = cloud.registry.devices.add('a1Hostile01', ['hostile-dev'], Date.now()).added[0]!.deviceSecret!;
});
afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

interface Reply {
  status: number;
  text: string;
}

/** One raw HTTP/1.1 request with exactly these headers (Node's client adds none but Host unless told). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: cloud.adminPort, method, path, agent: false, setHost: false, headers: { Host: `127.0.0.1:${cloud.adminPort}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (): Record<string, string> => ({ Authorization: `Bearer ${cloud.adminToken}` });
const productCount = (): number => cloud.registry.products.list().length;

describe('the admin API as an intruder finds it', () => {
  it('answers 401 without a token or with a wrong one, on every route, with no secret in the reply', async () => {
    const wrong = { Authorization: `Bearer ${'0'.repeat(64)}` };
    for (const headers of [{}, wrong, { Authorization: cloud.adminToken }]) {
      for (const path of ['/health', '/products', '/products/a1Hostile01', '/devices', '/devices/a1Hostile01/hostile-dev', '/events', '/events/recent']) {
        const r = await raw('GET', path, headers);
        expect(r.status, path).toBe(401);
        expect(r.text).not.toContain(productSecret);
        expect(r.text).not.toContain(deviceSecret);
      }
    }
  });

  it('refuses a cross-origin text/plain POST from a web page, with or without a token, and creates nothing', async () => {
    const before = productCount();
    const page = { Origin: 'http://evil.example', 'Content-Type': 'text/plain' };
    expect((await raw('POST', '/products', page, '{"dynamicRegistration":true}')).status).toBe(403);
    expect((await raw('POST', '/products', { ...page, ...bearer() }, '{"dynamicRegistration":true}')).status).toBe(403);
    expect((await raw('POST', '/products', { Origin: 'null', ...bearer() }, '{}')).status).toBe(403);
    const activeBefore = cloud.registry.devices.get('a1Hostile01', 'hostile-dev');
    expect((await raw('POST', '/devices/a1Hostile01/hostile-dev/reset', { ...page, ...bearer() })).status).toBe(403);
    expect(cloud.registry.devices.get('a1Hostile01', 'hostile-dev')).toEqual(activeBefore);
    expect(productCount()).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    const before = productCount();
    for (const host of ['attacker.example', `attacker.example:${cloud.adminPort}`, '127.0.0.1', `127.0.0.1:${cloud.adminPort + 1}`]) {
      const r = await raw('POST', '/products', { Host: host, ...bearer() }, '{}');
      expect(r.status, host).toBe(403);
    }
    expect((await raw('GET', '/products', { Host: `attacker.example:${cloud.adminPort}`, ...bearer() })).text).not.toContain(productSecret);
    expect(productCount()).toBe(before);
  });

  it('with the token: secrets masked unless the call asks for them, in full when it does', async () => {
    const list = await raw('GET', '/products', bearer());
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(productSecret);
    expect(list.text).toContain(productSecret.slice(0, 4) + '…');
    expect((await raw('GET', '/devices/a1Hostile01/hostile-dev', bearer())).text).not.toContain(deviceSecret);
    const created = JSON.parse((await raw('POST', '/products', { ...bearer(), 'Content-Type': 'application/json' }, '{}')).text);
    expect(created.productSecret).toMatch(/…$/);
    expect(JSON.parse((await raw('GET', '/products?secrets=full', bearer())).text).map((p: { productSecret: string }) => p.productSecret)).toContain(productSecret);
    expect(JSON.parse((await raw('GET', '/devices/a1Hostile01/hostile-dev?secrets=full', bearer())).text).deviceSecret).toBe(deviceSecret);
    for (const host of ['localhost', '[::1]']) expect((await raw('GET', '/health', { ...bearer(), Host: `${host}:${cloud.adminPort}` })).status).toBe(200);
  });

  it('keeps the token 0600 in the data dir, the same across a restart', async () => {
    const file = join(cloud.dataDir, 'admin-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(cloud.adminToken);
    expect(cloud.adminToken).toMatch(/^[0-9a-f]{64}$/);
    // A restart reads the token rather than making a new one.
    const dataDir = tempDir();
    const first = await startTestCloud({ dataDir });
    const token = first.adminToken;
    await first.stop();
    const again = await startTestCloud({ dataDir });
    try {
      expect(again.adminToken).toBe(token);
      expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(token);
    } finally {
      await again.stop();
      removeDir(dataDir);
    }
  });

  it('aliot provision --cloud without that cloud\'s token is refused with the way out, and registers nothing', async () => {
    const url = `http://127.0.0.1:${cloud.adminPort}`;
    await expect(preRegisterDevice({ url, token: null }, 'a1Hostile01', 'no-token-dev')).rejects.toThrow(/refused a call without a token: give --cloud-data/);
    await expect(preRegisterDevice({ url, token: 'f'.repeat(64) }, 'a1Hostile01', 'no-token-dev')).rejects.toThrow(/refused the token/);
    expect(cloud.registry.devices.get('a1Hostile01', 'no-token-dev')).toBeUndefined();
    expect(await preRegisterDevice({ url, token: cloud.adminToken }, 'a1Hostile01', 'no-token-dev')).toBe('added');
  });
});
