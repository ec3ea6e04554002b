// Issue 17 row 8: what a third-party MQTT client is told when its login is wrong. The codes are Alibaba's where a
// source documents them (the 4.x SDK: 3 for a bad clientId or keep-alive, 4 for a bad username or password, 5 for
// a wrong triple); a securemode for the other transport, undocumented for login, gets 2, as registration over
// plain TCP does. Driven by the `mqtt` npm client over the real listeners.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { connackCode, connectMqtt, nodeSignHal, removeDir, startTestCloud } from '../cloud/helpers';

let cloud: RunningCloud;
const PK = 'a1Connack01';
const DN = 'connack-dev';
let ds: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  cloud.registry.products.add({ productKey: PK, dynamicRegistration: false }, Date.now());
  ds = cloud.registry.devices.add(PK, [DN], Date.now()).added[0]!.deviceSecret!;
});
afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

function login(secret = ds, secureMode?: number) {
  const creds = deviceSecretCredentials(nodeSignHal, { productKey: PK, deviceName: DN, deviceSecret: secret, secureMode });
  if (!creds.ok) throw new Error(creds.error.message);
  return creds.value;
}

/** The message the mqtt client gives its user for a refused login. */
async function refusalMessage(creds: ReturnType<typeof login>, tcp = false): Promise<string> {
  try {
    const client = await connectMqtt(cloud, creds, { tcp });
    await client.endAsync();
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('CONNACK codes a third-party client meets', () => {
  it('a securemode for the other transport gets 2, which the mqtt client reports as a rejected identifier, not an outage', async () => {
    const tlsMode = login(ds, 2);
    const tcpMode = login(ds, 3);
    expect(await connackCode(cloud, tlsMode, { tcp: true })).toBe(2);
    expect(await connackCode(cloud, tcpMode)).toBe(2);
    expect(await refusalMessage(tlsMode, true)).toMatch(/identifier rejected/i);
    expect(await connackCode(cloud, tcpMode, { tcp: true })).toBe(0);
  });

  it('a clientId that does not parse gets 3, as the SDK documents Alibaba answering a bad clientId', async () => {
    expect(await connackCode(cloud, { ...login(), clientId: `${PK}.${DN}` })).toBe(3);
    expect(await connackCode(cloud, { ...login(), clientId: `${PK}.${DN}|securemode=2,signmethod=hmacsha256` })).toBe(3);
  });

  it('a wrong DeviceSecret gets 4 and an unknown device gets 5, never 3', async () => {
    expect(await connackCode(cloud, login('0'.repeat(32)))).toBe(4);
    const stranger = deviceSecretCredentials(nodeSignHal, { productKey: PK, deviceName: 'nobody-here', deviceSecret: ds });
    if (!stranger.ok) throw new Error(stranger.error.message);
    expect(await connackCode(cloud, stranger.value)).toBe(5);
  });
});
