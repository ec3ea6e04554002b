// Boots links on mock boards against the scripted cloud, and runs virtual time until a state is reached.
import { createMockBoard, type FlashImage, type MockBoard, type MockBoardOptions } from '../../../hal/mock';
import type { BoardDescriptor } from '../../../hal/types';
import esp32 from '../../../boards/esp32';
import { createLink, type Link, type LinkConfig, type LinkEvent, type LinkState } from '../../../src';
import { CLOUD_CA, PK, PS, type ScriptedCloud } from './scripted-cloud';

/** The ESP32's sizes and rules on the mock board (one TLS socket at a time, 28-char keys). */
export const BOARD: BoardDescriptor = esp32;

export const PRODUCT_CONFIG: LinkConfig = {
  productKey: PK,
  productSecret: PS,
  ca: [CLOUD_CA],
  backoff: { baseMs: 1000, capMs: 60_000, stableMs: 30_000 },
};

export interface Device {
  board: MockBoard;
  link: Link;
  events: LinkEvent[];
  states: LinkState[];
}

export function boot(cloud: ScriptedCloud, options: { board?: MockBoardOptions; flash?: FlashImage; config?: Partial<LinkConfig>; existing?: MockBoard } = {}): Device {
  const board = options.existing ?? createMockBoard({ seed: 1, ...options.board, ...(options.flash ? { flash: options.flash } : {}) });
  cloud.attach(board);
  const link = createLink(board.hal, BOARD, { ...PRODUCT_CONFIG, ...options.config });
  const events: LinkEvent[] = [];
  const states: LinkState[] = [];
  for (const type of ['state', 'online', 'offline', 'error', 'message', 'dropped'] as const) {
    link.on(type, (e) => {
      events.push(e);
      if (e.type === 'state') states.push(e.to);
    });
  }
  link.start();
  return { board, link, events, states };
}

/** Advances virtual time in steps until the link is in `state` (true) or `maxMs` passed (false). */
export function runUntil(d: Device, state: LinkState | ((s: LinkState) => boolean), maxMs = 600_000, stepMs = 50): boolean {
  const done = typeof state === 'function' ? state : (s: LinkState) => s === state;
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (done(d.link.state())) return true;
    d.board.clock.advance(stepMs);
  }
  return done(d.link.state());
}

/** The DeviceName the ESP32 descriptor derives from the mock board's default MAC. */
export const MOCK_DEVICE_NAME = '240AC4002F90';
