import type { BoardDescriptor, Hal } from '../../hal/types';
import { createEspruinoHal } from '../../hal/espruino';
import { createLink, type LinkConfig, type LinkEvent } from '../../src';
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
  markMemory('boot', hal);
  const factory = readFactoryCertificate(hal, board.identity.deviceNameFormat);
  if (factory.status !== 'OK') {
    const why = factory.status === 'EMPTY' ? 'no factory certificate in Storage "aliot.factory": run aliot provision' : factory.message;
    say('halted NOT_PROVISIONED: ' + why);
    return;
  }
  const cert = factory.certificate;
  const settings = readSettings(hal, say);
  // The identity and the certificate come from the factory record only, whatever the settings file says.
  const config = settings.link as LinkConfig;
  config.productKey = cert.productKey;
  config.deviceName = cert.deviceName;
  config.deviceNameFrom = 'config';
  config.deviceSecret = cert.mode === 'device' ? cert.deviceSecret : undefined;
  config.productSecret = cert.mode === 'device' ? undefined : cert.productSecret;
  config.dynamicRegistration = undefined;
  say('device ' + cert.productKey + '.' + cert.deviceName + (cert.mode === 'device' ? ' (device certificate)' : ' (product certificate)'));

  const link = createLink(hal, board, config);
  // One listener tells the whole story. It is made by a function of its own: on Espruino a closure keeps its whole
  // scope alive, and this one lives as long as the link, so it must not hold the factory record and settings.
  const tell = storyTeller(hal);
  link.on('state', tell);
  link.on('online', tell);
  link.on('offline', tell);
  link.on('error', tell);
  runThing(hal, link, cert.productKey, cert.deviceName, settings.postIntervalMs);
  link.start();
}

/** The listener that tells the story on the console: state changes, online, offline, errors, memory at milestones. */
function storyTeller(hal: Hal): (e: LinkEvent) => void {
  return function (e: LinkEvent) {
    if (e.type === 'state') {
      say('state ' + e.to);
      if (e.to === 'REGISTER') markMemory('registering', hal);
    } else if (e.type === 'online') {
      say('online');
      markMemory('online', hal);
    } else if (e.type === 'offline') {
      say('offline ' + e.reason);
    } else if (e.type === 'error') {
      say((e.retrying ? 'error ' : 'halted ') + e.error.code + ': ' + e.error.message);
    }
  };
}
