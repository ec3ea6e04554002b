// `aliot cloud product|device …` on a data dir (in-process), and `aliot cloud start` as a real process: ports
// printed, a live event stream with secrets masked, a clean stop on SIGINT.

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { Registry } from '../../../scripts/cloud/index';
import { removeDir, spawnCloudStart, tempDir } from './helpers';
import { parseDeviceCsv } from '../../../scripts/cloud/cli/csv';
import { table } from '../../../scripts/cloud/cli/table';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const CSV = fileURLToPath(new URL('../../fixtures/cloud/devices.csv', import.meta.url));
const dataDir = tempDir();

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});
afterAll(() => removeDir(dataDir));

async function aliot(args: string[], dir = dataDir): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const code = await main(['node', 'aliot', 'cloud', ...args, '--data', dir]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('aliot cloud product / device', () => {
  it('adds a dynamic-registration product and prints its ProductKey with the ProductSecret masked', async () => {
    const r = await aliot(['product', 'add', '--dynreg', '--region', 'ap-southeast-1', '--product-key', 'a1CliTest01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('product a1CliTest01 added');
    expect(r.stdout).toContain('dynamic registration   on');
    const registry = Registry.open(dataDir);
    const secret = registry.products.get('a1CliTest01')?.productSecret as string;
    registry.close();
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).toContain(secret.slice(0, 4) + '…');
  });

  it('prints the ProductSecret once with --show-secret, and JSON with --json', async () => {
    const r = await aliot(['product', 'add', '--show-secret', '--json']);
    const product = JSON.parse(r.stdout);
    expect(product.productSecret).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(product.dynamicRegistration).toBe(false);
    const list = await aliot(['product', 'list']);
    expect(list.stdout).toContain(product.productKey);
    expect(list.stdout).not.toContain(product.productSecret);
  });

  it('pre-registers devices by name and from a batch-import CSV of MAC addresses', async () => {
    const byName = await aliot(['device', 'add', 'a1CliTest01', 'cli-dev-01', 'cli-dev-02']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain('2 device(s) added to a1CliTest01');
    const fromCsv = await aliot(['device', 'add', 'a1CliTest01', '--csv', CSV, 'cli-dev-01']);
    expect(fromCsv.stdout).toContain('3 device(s) added');
    expect(fromCsv.stdout).toContain('1 already there (cli-dev-01)');
    const list = await aliot(['device', 'list', 'a1CliTest01']);
    for (const name of ['cli-dev-01', 'cli-dev-02', 'AA:BB:CC:DD:EE:01', 'AA:BB:CC:DD:EE:02', 'AA:BB:CC:DD:EE:03']) expect(list.stdout).toContain(name);
    expect(list.stdout).toMatch(/cli-dev-01\s+unactivated\s+offline\s+open/);
  });

  it('device list lines every column up under its header, so `awk` and `cut` read it', async () => {
    const lines = (await aliot(['device', 'list', 'a1CliTest01'])).stdout.trimEnd().split('\n');
    expect(lines.length).toBe(6);
    for (const head of ['DEVICENAME', 'STATE', 'ONLINE', 'REGISTRATION', 'DEVICESECRET']) {
      const at = lines[0]!.indexOf(head);
      for (const line of lines.slice(1)) {
        expect(line[at - 1]).toBe(' ');
        expect(line[at]).not.toBe(' ');
      }
    }
    for (const line of lines.slice(1)) expect(line.split(/\s+/)).toHaveLength(6);
  });

  it('device list and product list on an empty data dir print the header line alone', async () => {
    const empty = tempDir();
    try {
      expect((await aliot(['device', 'list'], empty)).stdout).toBe('PRODUCTKEY  DEVICENAME  STATE  ONLINE  REGISTRATION  DEVICESECRET\n');
      expect((await aliot(['product', 'list'], empty)).stdout).toBe('PRODUCTKEY  PRODUCTSECRET  DYNREG  REGION\n');
    } finally {
      removeDir(empty);
    }
  });

  it('parses the CSV fixture: header skipped, quoted cells, extra columns and comments ignored', () => {
    expect(parseDeviceCsv(readFileSync(CSV, 'utf8'))).toEqual({ names: ['AA:BB:CC:DD:EE:01', 'AA:BB:CC:DD:EE:02', 'AA:BB:CC:DD:EE:03'], emptyRows: [] });
    expect(parseDeviceCsv('\uFEFFdevicename\r\n,x\r\nabcd\r\n')).toEqual({ names: ['abcd'], emptyRows: [2] });
  });

  it('reads quoted first cells with embedded commas and "" escapes, CRLF, a BOM and mixed line ends', () => {
    const text = '\uFEFFDeviceName,Nickname\r\n"AA:BB,01","hall, upstairs"\r\n"say ""hi""",x\r\n\r\n# note\r\n  plain  ,y\nlast';
    expect(parseDeviceCsv(text)).toEqual({ names: ['AA:BB,01', 'say "hi"', 'plain', 'last'], emptyRows: [] });
  });

  it('refuses a malformed CSV with an error naming the line', () => {
    expect(() => parseDeviceCsv('DeviceName\nok-1\n"bad"x,y\n')).toThrow(/^line 3: /);
    expect(() => parseDeviceCsv('ok-1\n"never closed\n')).toThrow(/^line \d+: .*Quote Not Closed/);
  });

  it('device add --csv with a malformed row exits 2 naming the file and the line', async () => {
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, 'DeviceName\r\nok-1\r\n"bad"x\r\n');
    const r = await aliot(['device', 'add', 'a1CliTest01', '--csv', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: line 3:`);
  });

  it('resets a device (ResetThing) and refuses unknown ones and bad names with exit code 2', async () => {
    const registry = Registry.open(dataDir);
    registry.lifecycle.register('a1CliTest01', 'cli-dev-01', Date.now());
    registry.lifecycle.loginWithSecret('a1CliTest01', 'cli-dev-01', () => true, Date.now());
    registry.close();
    const list = await aliot(['device', 'list']);
    expect(list.stdout).toMatch(/cli-dev-01\s+active\s+offline\s+locked/);
    const reset = await aliot(['device', 'reset', 'a1CliTest01', 'cli-dev-01']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('registration allowed again');
    expect((await aliot(['device', 'list', 'a1CliTest01'])).stdout).toMatch(/cli-dev-01\s+active\s+offline\s+open/);
    const unknown = await aliot(['device', 'reset', 'a1CliTest01', 'nobody-here']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not found');
    expect((await aliot(['device', 'add', 'a1CliTest01', 'no'])).code).toBe(2);
    expect((await aliot(['device', 'add', 'a1NoSuch001', 'cli-dev-09'])).code).toBe(2);
  });
});

describe('CLI tables', () => {
  it('pads every column to its widest cell, two spaces apart, with no trailing blanks', () => {
    expect(table(['NAME', 'STATE'], [['dev-1', 'active'], ['a-longer-name', 'x']])).toBe(
      'NAME           STATE\n' + 'dev-1          active\n' + 'a-longer-name  x\n',
    );
  });

  it('measures wide (CJK) and accented characters by their terminal width, so the next column still lines up', () => {
    // 日本語 takes six terminal columns, é one: the second column starts at column 8 on every line.
    expect(table(['A', 'B'], [['日本語', 'x'], ['é', 'y'], ['abcd', 'z']])).toBe('A       B\n' + '日本語  x\n' + 'é       y\n' + 'abcd    z\n');
  });

  it('draws no borders and writes no colour codes, terminal or not', () => {
    const out = table(['PRODUCTKEY', 'REGION'], [['a1Key', 'cn-shanghai']]);
    expect(out).not.toMatch(/\x1b|[\u2500-\u257f|+]/);
    expect(out).toBe('PRODUCTKEY  REGION\n' + 'a1Key       cn-shanghai\n');
  });

  it('with no rows, prints the header line alone', () => {
    expect(table(['DEVICENAME', 'DEVICESECRET'], [])).toBe('DEVICENAME  DEVICESECRET\n');
  });
});

describe('aliot cloud start', () => {
  it('prints its ports and CA, streams events with secrets masked (console commands included), and stops on SIGINT', async () => {
    const dir = tempDir();
    const cloud = await spawnCloudStart(dir);
    let exitCode: number | null;
    try {
      expect(cloud.output()).toContain(`${dir}/tls/ca.pem (RSA-2048)`);
      const admin = Number(/admin\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(cloud.output())?.[1]);
      const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
      expect(cloud.output()).not.toContain(token);
      const res = await fetch(`http://127.0.0.1:${admin}/products?secrets=full`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: '{"dynamicRegistration":true}',
      });
      const created = (await res.json()) as { productKey: string; productSecret: string };
      expect(created.productKey).toMatch(/^a1/);
      await new Promise((r) => setTimeout(r, 200));
      expect(cloud.output()).toContain(`product ${created.productKey} added`);
      expect(cloud.output()).not.toContain(created.productSecret);
      const added = await aliot(['device', 'add', created.productKey, 'live-dev-01'], dir);
      expect(added.code).toBe(0);
      const reset = await aliot(['device', 'reset', created.productKey, 'live-dev-01'], dir);
      expect(reset.code).toBe(0);
      expect((await aliot(['device', 'reset', created.productKey, 'nobody-here'], dir)).code).toBe(2);
      await new Promise((r) => setTimeout(r, 200));
      expect(cloud.output()).toContain(`devices added to ${created.productKey}: live-dev-01`);
      expect(cloud.output()).toContain(`ResetThing ${created.productKey}/live-dev-01`);
    } finally {
      exitCode = await cloud.stop();
    }
    expect(exitCode).toBe(0);
    expect(cloud.output()).toContain('aliot cloud stopped');
    removeDir(dir);
  });
});
