import type { Hal } from '../../hal/types';
import type { LinkConfig } from '../../src';

// Optional settings in Storage file "aliot.config" (JSON), written by the tools beside the factory record:
// endpoint and session options, never secrets (those live only in the factory record and the credential store).

export const SETTINGS_KEY = 'aliot.config';

export interface FirmwareSettings {
  link: Partial<LinkConfig>;
  /** How often the demo posts its properties while online, ms; 0: only when they change. Default 60 s. */
  postIntervalMs: number;
}

const LINK_KEYS = [
  'region',
  'instanceId',
  'mqttHost',
  'mqttPort',
  'authHost',
  'authPort',
  'transport',
  'authMode',
  'registration',
  'keepalive',
  'cleanSession',
  'signMethod',
  'partnerId',
  'moduleId',
  'timeFloorMs',
  'backoff',
  'rejectedBackoffMs',
  'connectTimeoutMs',
  'registrationTimeoutMs',
];

/** The settings, or the defaults; a malformed file is reported and ignored. */
export function readSettings(hal: Hal, complain: (line: string) => void): FirmwareSettings {
  const settings: FirmwareSettings = { link: {}, postIntervalMs: 60000 };
  const text = hal.kv.get(SETTINGS_KEY);
  if (text === undefined || text === '') return settings;
  let parsed: { [key: string]: unknown };
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    complain(SETTINGS_KEY + ' is not JSON; using defaults');
    return settings;
  }
  if (!parsed || typeof parsed !== 'object') return settings;
  const link = settings.link as { [key: string]: unknown };
  for (let i = 0; i < LINK_KEYS.length; i++) {
    const key = LINK_KEYS[i];
    if (parsed[key] !== undefined) link[key] = parsed[key];
  }
  if (typeof parsed.postIntervalMs === 'number' && parsed.postIntervalMs >= 0) settings.postIntervalMs = parsed.postIntervalMs;
  return settings;
}
