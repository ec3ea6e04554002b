// Durability: stopping and starting the cloud on the same data dir keeps products, devices, secrets, activation
// and the CA (devices that trust it keep working).

import { afterAll, describe, expect, it } from 'vitest';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { connackCode, nodeSignHal, register, removeDir, startTestCloud, tempDir } from './helpers';

const dataDir = tempDir();
afterAll(() => removeDir(dataDir));

describe('restart', () => {
  it('keeps products, devices, secrets, activation and the CA across stop and start', async () => {
    const first = await startTestCloud({ dataDir });
    const dyn = first.registry.products.add({ dynamicRegistration: true, region: 'eu-central-1' }, Date.now());
    first.registry.devices.add(dyn.productKey, ['keep-01', 'keep-02'], Date.now());
    const plain = first.registry.products.add({}, Date.now());
    const plainSecret = first.registry.devices.add(plain.productKey, ['keep-03'], Date.now()).added[0].deviceSecret as string;
    const secret = (await register(first, dyn.productKey, 'keep-01', dyn.productSecret)).json.data.deviceSecret as string;
    const login = (pk: string, dn: string, ds: string) => {
      const r = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName: dn, deviceSecret: ds, endpoint: { region: 'eu-central-1' } });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect(await connackCode(first, login(dyn.productKey, 'keep-01', secret))).toBe(0);
    const caPem = first.caPem;
    await first.stop();

    const second = await startTestCloud({ dataDir });
    try {
      expect(second.caPem).toBe(caPem);
      expect(second.registry.products.get(dyn.productKey)).toMatchObject({
        productSecret: dyn.productSecret,
        dynamicRegistration: true,
        region: 'eu-central-1',
      });
      const kept = second.registry.devices.get(dyn.productKey, 'keep-01');
      expect(kept).toMatchObject({ deviceSecret: secret, state: 'active', registrationLocked: true, online: false });
      expect(second.registry.devices.get(dyn.productKey, 'keep-02')).toMatchObject({ deviceSecret: null, state: 'unactivated' });
      expect(await connackCode(second, login(dyn.productKey, 'keep-01', secret), { servername: `${dyn.productKey}.iot-as-mqtt.eu-central-1.aliyuncs.com` })).toBe(0);
      expect(await connackCode(second, login(plain.productKey, 'keep-03', plainSecret))).toBe(0);
      expect((await register(second, dyn.productKey, 'keep-01', dyn.productSecret)).json.code).toBe(6289);
      expect((await register(second, dyn.productKey, 'keep-02', dyn.productSecret)).json.code).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
