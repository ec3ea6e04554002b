// Where the CLI keeps the local cloud when --data is not given: $ALIOT_CLOUD_DATA, else ~/.aliot/cloud.

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(): string {
  return process.env.ALIOT_CLOUD_DATA ?? join(homedir(), '.aliot', 'cloud');
}

export function dataDirOf(flag: string | undefined): string {
  return resolve(flag ?? defaultDataDir());
}
