// Secrets never appear in full in the event stream or the console log: ProductSecret, DeviceSecret,
// deviceToken and iotToken are masked to their first 4 chars.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials, httpsAuthRequest } from '../../../src/auth/index';
import { connackCode, connectMqtt, httpsPost, nodeSignHal, register, removeDir, startTestCloud, until } from './helpers';
import { aliotSign } from './sign-cli';

const lines: string[] = [];
let cloud: RunningCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ logger: (line) => lines.push(line), registrationDropMs: 200 });
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

describe('secrets in logs', () => {
  it('logs registrations, logins, tokens and refusals without any secret in full', async () => {
    const { ConsoleOperations } = await import('../../../scripts/cloud/index');
    const product = new ConsoleOperations(cloud.registry, cloud.events).addProduct({ dynamicRegistration: true });
    const pk = product.productKey;
    cloud.registry.devices.add(pk, ['mask-01', 'mask-02'], Date.now());
    const secrets = [product.productSecret];

    const ds = (await register(cloud, pk, 'mask-01', product.productSecret)).json.data.deviceSecret as string;
    secrets.push(ds);
    const creds = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName: 'mask-01', deviceSecret: ds });
    if (!creds.ok) throw new Error(creds.error.message);
    expect(await connackCode(cloud, creds.value)).toBe(0);
    expect(await connackCode(cloud, { ...creds.value, password: 'F'.repeat(64) })).toBe(4);

    const auth = httpsAuthRequest(nodeSignHal, { productKey: pk, deviceName: 'mask-01', deviceSecret: ds });
    if (!auth.ok) throw new Error(auth.error.message);
    secrets.push((await httpsPost(cloud, '/auth/devicename', auth.value.request.body)).json.data.iotToken);

    const nwl = await aliotSign(['--product-key', pk, '--device-name', 'mask-03', '--product-secret', product.productSecret, '--regnwl']);
    const received: { topic: string; payload: string }[] = [];
    const client = await connectMqtt(cloud, nwl.mqtt, { received });
    await until(() => received.length > 0);
    await client.endAsync();
    secrets.push(JSON.parse(received[0].payload).deviceToken);

    const text = lines.join('\n');
    for (const kind of ['registered', 'login', 'https auth', 'refused', 'product']) expect(text).toContain(kind);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(cloud.events.recent())).not.toContain(secret);
    }
    expect(text).toContain(ds.slice(0, 4) + '…');
  });
});
