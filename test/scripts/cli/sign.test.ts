import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/cli/main';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const M2_DS = 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4';
const PS = 'ffFnFlKQW3HYjjPR';
const M2_ARGS = [
  'sign',
  '--product-key', 'a1ExpAkj9Hi',
  '--device-name', 'Example_dyn1',
  '--device-secret', M2_DS,
  '--region', 'cn-shanghai',
  '--signmethod', 'hmacsha256',
  '--timestamp', '2524608000000',
];
const M2_PASSWORD = '4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931';
const M2_CLIENT_ID = 'a1ExpAkj9Hi.Example_dyn1|securemode=2,signmethod=hmacsha256,timestamp=2524608000000|';
const M2_HOST = 'a1ExpAkj9Hi.iot-as-mqtt.cn-shanghai.aliyuncs.com';

/** Runs `aliot <args>` in-process and captures what it writes. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await main(['node', 'aliot', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

/** The value printed on the `  <name>  <value>` line. */
function field(text: string, name: string): string | undefined {
  const line = text.split('\n').find((l) => l.trim().startsWith(`${name} `));
  return line?.trim().slice(name.length).trim();
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('aliot sign', () => {
  it('prints exactly the M2 password, the §3 clientId and username, and the region host', async () => {
    const r = await run(M2_ARGS);
    expect(r.code).toBe(0);
    expect(field(r.stdout, 'password')).toBe(M2_PASSWORD);
    expect(field(r.stdout, 'clientId')).toBe(M2_CLIENT_ID);
    expect(field(r.stdout, 'username')).toBe('Example_dyn1&a1ExpAkj9Hi');
    expect(field(r.stdout, 'host')).toBe(M2_HOST);
    expect(field(r.stdout, 'port')).toBe('8883');
  });

  it('--json prints one JSON object with the same credentials', async () => {
    const r = await run([...M2_ARGS, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.mqtt).toMatchObject({
      host: M2_HOST,
      port: 8883,
      tls: true,
      clientId: M2_CLIENT_ID,
      username: 'Example_dyn1&a1ExpAkj9Hi',
      password: M2_PASSWORD,
      keepalive: 300,
    });
    expect(json.deviceSecret).toBe('KGQQ…');
  });

  it('never prints the DeviceSecret or ProductSecret in full, only masked', async () => {
    const login = await run(M2_ARGS);
    expect(login.stdout).not.toContain(M2_DS);
    expect(login.stdout).toContain('KGQQ…');
    const reg = await run(['sign', '--product-key', 'a1ExpAkj9Hi', '--device-name', 'Example_dyn1', '--product-secret', PS, '--dynreg', '--json']);
    expect(reg.stdout).not.toContain(PS);
    expect(JSON.parse(reg.stdout).productSecret).toBe('ffFn…');
  });

  it('--tcp, --no-timestamp, --client-id, --keepalive and --endpoint shape the credentials', async () => {
    const r = await run([
      'sign', '--product-key', 'a1B2c3D4e5F', '--device-name', 'dev-01_A', '--device-secret', 'D3v1c3S3cr3tABCDEFGHIJKLMNOPQRST',
      '--client-id', 'AA:BB:CC:DD:EE:FF', '--no-timestamp', '--tcp', '--keepalive', '60', '--endpoint', 'broker.local', '--json',
    ]);
    expect(JSON.parse(r.stdout).mqtt).toMatchObject({
      host: 'broker.local',
      port: 1883,
      tls: false,
      clientId: 'AA:BB:CC:DD:EE:FF|securemode=3,signmethod=hmacsha256|',
      keepalive: 60,
    });
  });

  it('--instance-id uses the instance host', async () => {
    const r = await run([...M2_ARGS, '--instance-id', 'iot-06z00abc', '--json']);
    expect(JSON.parse(r.stdout).mqtt.host).toBe('iot-06z00abc.mqtt.iothub.aliyuncs.com');
  });

  it('--dynreg prints the HTTPS registration request (D3) and the MQTT-dynreg credentials', async () => {
    const args = ['sign', '--product-key', 'a1ExpAkj9Hi', '--device-name', 'Example_dyn1', '--product-secret', PS, '--dynreg', '--random', '692147492'];
    const sign = 'D43C488C1CB6421AA8022E7857AC578F6CB8BE27E98630EF5107B5DCCC4A8BD6';
    const body = `productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&random=692147492&sign=${sign}&signMethod=hmacsha256`;
    const text = await run(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('POST https://iot-auth.cn-shanghai.aliyuncs.com/auth/register/device');
    expect(text.stdout).toContain(`Content-Length: ${body.length}`);
    expect(text.stdout).toContain(`  ${body}\n`);
    expect(field(text.stdout, 'password')).toBe(sign);

    const json = JSON.parse((await run([...args, '--json'])).stdout);
    expect(json.https).toEqual({
      method: 'POST',
      url: 'https://iot-auth.cn-shanghai.aliyuncs.com/auth/register/device',
      headers: {
        Host: 'iot-auth.cn-shanghai.aliyuncs.com',
        Accept: 'text/xml,text/javascript,text/html,application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(body.length),
      },
      body,
    });
    expect(json.mqtt).toMatchObject({
      clientId: 'a1ExpAkj9Hi.Example_dyn1|securemode=2,authType=register,random=692147492,signmethod=hmacsha256|',
      username: 'Example_dyn1&a1ExpAkj9Hi',
      password: sign,
    });
  });

  it('--regnwl prints only MQTT credentials (HTTPS cannot register without pre-registration), with a fresh random', async () => {
    const r = await run(['sign', '--product-key', 'a1ExpAkj9Hi', '--device-name', 'Example_dyn1', '--product-secret', PS, '--regnwl', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.https).toBeNull();
    expect(json.random).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(json.mqtt.clientId).toBe(
      `a1ExpAkj9Hi.Example_dyn1|securemode=-2,authType=regnwl,random=${json.random},signmethod=hmacsha256|`,
    );
  });

  it.each([
    ['a DeviceName of 2 chars', ['--device-name', 'Ex'], '--device-name'],
    ['a keepalive of 10', ['--keepalive', '10'], '--keepalive'],
    ['a keepalive that is not a number', ['--keepalive', 'soon'], '--keepalive'],
    ['an unknown region', ['--region', 'cn-beijing'], '--region'],
    ['an unknown signmethod', ['--signmethod', 'sha256'], '--signmethod'],
    ['an unknown securemode', ['--securemode', '-1'], '--securemode'],
  ])('exits 2 with the typed error message for %s', async (_case, patch, flag) => {
    const args = [...M2_ARGS];
    for (let i = 0; i < patch.length; i += 2) {
      const at = args.indexOf(patch[i]);
      if (at >= 0) args[at + 1] = patch[i + 1];
      else args.push(patch[i], patch[i + 1]);
    }
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^aliot sign: /);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toContain(M2_DS);
  });

  it('exits 2 when the secret is missing', async () => {
    const r = await run(['sign', '--product-key', 'a1ExpAkj9Hi', '--device-name', 'Example_dyn1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deviceSecret is required (--device-secret)');
  });

  // Each spawn starts tsx and loads every command: seconds on a busy machine, hence the longer timeouts.
  it('works through the real binary: node scripts/bin/aliot.js sign … (M2)', { timeout: 90_000 }, () => {
    const p = spawnSync(process.execPath, ['scripts/bin/aliot.js', ...M2_ARGS], { cwd: ROOT, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(field(p.stdout, 'password')).toBe(M2_PASSWORD);
    expect(field(p.stdout, 'clientId')).toBe(M2_CLIENT_ID);
    expect(field(p.stdout, 'username')).toBe('Example_dyn1&a1ExpAkj9Hi');
    expect(field(p.stdout, 'host')).toBe(M2_HOST);
    expect(p.stdout).not.toContain(M2_DS);
  });

  it('exits 2 through the real binary on an invalid field', { timeout: 90_000 }, () => {
    const bad = spawnSync(process.execPath, ['scripts/bin/aliot.js', ...M2_ARGS, '--keepalive', '5000'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('keepalive must be an integer from 30 to 1200 seconds');
  });
});
