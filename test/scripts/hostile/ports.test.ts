// Issue 17 row 6: a start that cannot bind one of its ports (taken by another server, or by a running cloud)
// fails with a message naming the port, releases every port it did bind, and, as `aliot cloud start`, exits
// non-zero instead of hanging with nothing listening.

import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PortError, type CloudOptions } from '../../../scripts/cloud/index';
import { removeDir, startTestCloud, tempDir } from '../cloud/helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server): number => (server.address() as { port: number }).port;
const closeServer = (server: Server): Promise<void> => new Promise((r) => server.close(() => r()));

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const s = await listenOn(0);
  const port = portOf(s);
  await closeServer(s);
  return port;
}

/** True when the port can be bound now (the failed start released it). */
async function bindable(port: number): Promise<boolean> {
  try {
    await closeServer(await listenOn(port));
    return true;
  } catch {
    return false;
  }
}

describe('a start that cannot bind every port', () => {
  for (const taken of ['mqttTcpPort', 'httpsPort', 'adminPort'] as const) {
    it(`fails naming the port when ${taken} is taken, and releases the ports it had bound`, async () => {
      const blocker = await listenOn(0);
      const others = { mqttTlsPort: await freePort(), mqttTcpPort: await freePort(), httpsPort: await freePort(), adminPort: await freePort() };
      const ports: Partial<CloudOptions> = { ...others, [taken]: portOf(blocker) };
      const dataDir = tempDir();
      dirs.push(dataDir);
      try {
        const error = await startTestCloud({ dataDir, ...ports }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(PortError);
        expect((error as PortError).code).toBe('EADDRINUSE');
        expect((error as Error).message).toContain(`:${portOf(blocker)}: the port is in use`);
        for (const [name, port] of Object.entries(others)) if (name !== taken) expect(await bindable(port), name).toBe(true);
      } finally {
        await closeServer(blocker);
      }
    });
  }

  it('a second start on a running cloud\'s data dir is refused before it touches the registry', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const running = await startTestCloud({ dataDir });
    try {
      running.registry.products.add({ productKey: 'a1Twice0001', dynamicRegistration: false }, Date.now());
      running.registry.devices.add('a1Twice0001', ['twice-dev'], Date.now());
      running.registry.devices.setOnline('a1Twice0001', 'twice-dev', true, Date.now());
      await expect(startTestCloud({ dataDir })).rejects.toThrow(`a cloud is already running on ${dataDir}`);
      expect(running.registry.devices.get('a1Twice0001', 'twice-dev')?.online).toBe(true);
      const health = await fetch(`http://127.0.0.1:${running.adminPort}/health`, { headers: { Authorization: `Bearer ${running.adminToken}` } });
      expect(health.status).toBe(200);
    } finally {
      await running.stop();
    }
    // Stopped (cloud.json gone), the dir starts again.
    await (await startTestCloud({ dataDir })).stop();
  });

  it('`aliot cloud start` on a taken MQTT port exits non-zero, says which port, and does not hang', async () => {
    const blocker = await listenOn(0);
    const dataDir = tempDir();
    dirs.push(dataDir);
    const tls = await freePort();
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const args = ['scripts/bin/aliot.js', 'cloud', 'start', '--data', dataDir, '--https-port', '0', '--admin-port', '0', '--mqtt-port', String(tls), '--mqtt-tcp-port', String(portOf(blocker))];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.stderr.on('data', (d) => (out += d.toString()));
    try {
      const code = await new Promise<number | string>((resolve) => {
        const timer = setTimeout(() => resolve('still running after 20 s'), 20_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c ?? 'killed');
        });
      });
      expect(code).toBe(1);
      expect(out).toContain(`cannot listen for MQTT over TCP on 127.0.0.1:${portOf(blocker)}: the port is in use`);
      expect(await bindable(tls)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await closeServer(blocker);
    }
  }, 40_000);
});
