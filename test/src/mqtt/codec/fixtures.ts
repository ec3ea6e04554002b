// Loading the MQTT byte-stream fixtures under test/fixtures/mqtt.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hex } from './helpers';

const DIR = path.resolve(__dirname, '../../../fixtures/mqtt');

/** Fixture hex: spaces ignored; "{N x HH}" stands for N copies of byte HH. */
export function fixtureBytes(text: string): Uint8Array {
  return hex(expandRepeats(text));
}

export function expandRepeats(text: string): string {
  return text.replace(/\{(\d+) x ([0-9a-fA-F]{2})\}/g, (_m, n: string, byte: string) => byte.repeat(Number(n)));
}

export interface MalformedCase {
  name: string;
  rule: string;
  hex: string;
  code: string;
  packetType: number;
}

export interface ValidCase {
  name: string;
  hex: string;
  events: Record<string, unknown>[];
}

function load<T>(file: string): T[] {
  return (JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as { cases: T[] }).cases;
}

export const malformedCases = load<MalformedCase>('malformed.json');
export const validCases = load<ValidCase>('server-packets.json').map((c) => ({
  ...c,
  events: c.events.map((e) => (typeof e.payload === 'string' ? { ...e, payload: expandRepeats(e.payload) } : e)),
}));
