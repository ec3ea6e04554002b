// Credentials exactly as `aliot sign --json` prints them (the CLI's code path, in-process).

import { vi } from 'vitest';
import { main } from '../../../scripts/cli/main';
import type { MqttCredentials } from '../../../src/auth/index';

/** `aliot sign --json` prints src/auth's MqttCredentials as they are. */
export type SignedMqtt = MqttCredentials;

export interface SignJson {
  mode: string;
  mqtt: SignedMqtt;
  https?: { method: string; url: string; headers: Record<string, string>; body: string } | null;
  random?: string;
}

/** Runs `aliot sign --json <args>` and parses what it prints. */
export async function aliotSign(args: string[]): Promise<SignJson> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  let code: number;
  try {
    code = await main(['node', 'aliot', 'sign', '--json', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
  if (code !== 0) throw new Error(`aliot sign exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as SignJson;
}
