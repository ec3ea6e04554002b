import type { BoardDescriptor, Hal } from '../../hal/types';
import { createEspruinoHal } from '../../hal/espruino';
import { createLink, type LinkConfig } from '../../src';
import { readFactoryCertificate } from '../../src/provision/store/factory';
import { markMemory, say } from './console';
import { runThing } from './device';
import { readSettings } from './settings';

// The firmware: read the factory certificate and settings from Storage, start the link, tell the story on the
// console. Everything device-specific is in the board descriptor.

export const FIRMWARE_VERSION = '0.1.0';

export function runFirmware(board: BoardDescriptor): void {
  const hal = createEspruinoHal({ caps: board.caps });
  say('boot ' + board.name + ' firmware ' + FIRMWARE_VERSION);
  markMemory('boot', reading(hal));
  const factory = readFactoryCertificate(hal, board.identity.deviceNameFormat);
  if (factory.status !== 'OK') {
    const why = factory.status === 'EMPTY' ? 'no factory certificate in Storage "aliot.factory": run aliot provision' : factory.message;
    say('halted NOT_PROVISIONED: ' + why);
    return;
  }
  const cert = factory.certificate;
  const settings = readSettings(hal, say);
  const config: LinkConfig = { productKey: cert.productKey, deviceName: cert.deviceName };
  if (cert.mode === 'device') config.deviceSecret = cert.deviceSecret;
  else config.productSecret = cert.productSecret;
  const settingsLink = settings.link as { [key: string]: unknown };
  const configFields = config as unknown as { [key: string]: unknown };
  for (const key in settingsLink) configFields[key] = settingsLink[key];
  say('device ' + cert.productKey + '.' + cert.deviceName + (cert.mode === 'device' ? ' (device certificate)' : ' (product certificate)'));

  const link = createLink(hal, board, config);
  link.on('state', function (e) {
    if (e.type !== 'state') return;
    say('state ' + e.to);
    if (e.to === 'REGISTER') markMemory('registering', reading(hal));
  });
  link.on('online', function () {
    say('online');
    markMemory('online', reading(hal));
  });
  link.on('offline', function (e) {
    if (e.type === 'offline') say('offline ' + e.reason);
  });
  link.on('error', function (e) {
    if (e.type !== 'error') return;
    say((e.retrying ? 'error ' : 'halted ') + e.error.code + ': ' + e.error.message);
  });
  runThing(hal, link, cert.productKey, cert.deviceName, settings.postIntervalMs);
  link.start();
}

function reading(hal: Hal): { used: number; free: number; unit: string } | undefined {
  return hal.memory ? hal.memory.read() : undefined;
}
