import type { Hal } from '../../hal/types';
import type { LinkConfig } from '../../src';

// Optional settings in Storage file "aliot.config" (JSON), written by the tools beside the factory record:
// endpoint and session options, never secrets (those live only in the factory record and the credential store).
// The settings are LinkConfig fields (declared there, and checked by the link when it boots, naming the field);
// the firmware sets the identity and certificate fields from the factory record over whatever the file says.

export const SETTINGS_KEY = 'aliot.config';

export interface FirmwareSettings {
  link: Partial<LinkConfig>;
  /** How often the demo posts its properties while online, ms; 0: only when they change. Default 60 s. */
  postIntervalMs: number;
}

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
  const interval = parsed.postIntervalMs;
  if (typeof interval === 'number' && interval >= 0) settings.postIntervalMs = interval;
  delete parsed.postIntervalMs;
  settings.link = parsed as Partial<LinkConfig>;
  return settings;
}
