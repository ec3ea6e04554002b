import type { BoardDescriptor, Hal } from '../../hal/types';
import { deriveDeviceName, type DeviceNameResult } from '../provision/store/device-name';
import type { ResolvedConfig } from './config';
import '../features';

// What the link settles once per start, before it touches the credential store.

const TAG = 'link';

/** The DeviceName: configured, or derived from the board's identity in the board's (or the asked-for) format. */
export function resolveDeviceName(hal: Hal, board: BoardDescriptor, config: ResolvedConfig): DeviceNameResult {
  if (config.deviceNameFrom === 'config') return { ok: true, value: config.deviceName! };
  const format =
    config.deviceNameFrom === board.identity.source ? board.identity.deviceNameFormat : config.deviceNameFrom === 'mac' ? 'mac-upper' : 'serial';
  return deriveDeviceName(hal.identity, format);
}

/**
 * Authentication never needs the wall clock (the signatures carry the fixed timestamp). TLS certificate checks
 * do, on boards that verify with their own clock: there the configured floor stands in until SNTP.
 */
export function applyTimeFloor(hal: Hal, config: ResolvedConfig): void {
  const clock = hal.clock;
  const wall = clock.wallTime();
  if (ALIOT_LOG_INFO && wall === undefined) hal.log.write('info', TAG, 'wall clock not set: authentication uses the fixed timestamp 2524608000000');
  if (config.timeFloorMs === undefined || (wall !== undefined && wall >= config.timeFloorMs)) return;
  if (clock.ensureWallTimeAtLeast) {
    clock.ensureWallTimeAtLeast(config.timeFloorMs);
    if (ALIOT_LOG_INFO) hal.log.write('info', TAG, 'wall clock moved to the time floor ' + config.timeFloorMs + ' for TLS certificate checks');
  }
}

/** The one warning per boot a board whose TLS does not verify the server deserves. */
export function warnUnverifiedTls(hal: Hal): void {
  if (hal.caps.tlsVerifiesPeer) return;
  hal.log.write(
    'warn',
    TAG,
    "this board's TLS does not verify the server certificate: a network attacker could pose as the cloud and learn the DeviceSecret during registration (see README, Security)",
  );
}
