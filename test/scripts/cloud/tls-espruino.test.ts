// The real Espruino engine (2v29, the interpreter that runs on ESP32 boards, built for Linux) against the local
// cloud: it completes the TLS handshake with the default RSA keys and reads an HTTP response; with EC keys it
// cannot (its mbedtls offers only RSA and DHE-RSA key exchange, no ECDHE, no ECDSA), which is why RSA is the default.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { engineForTest } from '../../engines';
import { AUTH_HOST, removeDir, startTestCloud, tempDir } from './helpers';

const engine = engineForTest('espruino-2v29-linux');
const ENGINE_LIMIT_MS = 10_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/**
 * Espruino code: one TLS connection, one HTTP POST, the status line printed. tls.connect's callback fires when TCP
 * connects (before the handshake); a failed handshake comes as an 'error' event, then 'close'.
 */
function clientScript(port: number): string {
  const request = `POST /auth/register/device HTTP/1.1\r\nHost: ${AUTH_HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
  return [
    `var reply = "";`,
    `var socket = require("tls").connect({ host: "127.0.0.1", port: ${port} }, function () { socket.write(${JSON.stringify(request)}); });`,
    `socket.on("data", function (d) { reply += d; });`,
    `socket.on("error", function (e) { print("ERROR " + JSON.stringify(e)); });`,
    `socket.on("close", function () { print("STATUS " + reply.split("\\r\\n")[0]); });`,
  ].join('\n');
}

/** Runs the engine on the script in a fresh dir (it keeps its flash in ./espruino.flash); all it printed. */
async function runEngine(path: string, script: string): Promise<string> {
  const dir = tempDir('aliot-espruino-');
  dirs.push(dir);
  writeFileSync(join(dir, 'client.js'), script);
  const child = spawn(path, ['client.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), ENGINE_LIMIT_MS);
  await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return out;
}

async function withCloud(keyType: 'rsa' | 'ec' | undefined, run: (cloud: RunningCloud) => Promise<void>): Promise<void> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const cloud = await startTestCloud({ dataDir, keyType });
  try {
    await run(cloud);
  } finally {
    await cloud.stop();
  }
}

describe.skipIf(!engine)('the real Espruino engine over TLS', () => {
  it('handshakes with a cloud on default (RSA-2048) keys and reads the HTTP status line', async () => {
    await withCloud(undefined, async (cloud) => {
      const out = await runEngine(engine as string, clientScript(cloud.httpsPort));
      expect(out).toMatch(/STATUS HTTP\/1\.1 \d{3} /);
      expect(out).not.toContain('-0x7780');
    });
  });

  it('fails the handshake with a cloud on EC keys (-0x7780): why RSA is the default', async () => {
    await withCloud('ec', async (cloud) => {
      const out = await runEngine(engine as string, clientScript(cloud.httpsPort));
      expect(out).not.toMatch(/STATUS HTTP\/1\.1/);
      expect(out).toContain('-0x7780');
    });
  });
});
