// Identity from require("Wifi").getIP().mac and getSerial() (spec/espruino.md §1c). Wifi is absent on the
// Linux build, so the MAC is then undefined.
import type { Identity } from '../types';
import { loadWifi, serialNumber } from './natives';

/** Six hex pairs, lower-case, ':'-separated (accepts ':', '-' or no separators); undefined if not a MAC. */
export function normaliseMac(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const hex = text.replace(/[-:.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  let out = '';
  for (let i = 0; i < 12; i += 2) out += (i > 0 ? ':' : '') + hex.substring(i, i + 2);
  return out;
}

export class EspruinoIdentity implements Identity {
  mac(): string | undefined {
    const wifi = loadWifi();
    if (!wifi) return undefined;
    try {
      const ip = wifi.getIP();
      return ip ? normaliseMac(ip.mac) : undefined;
    } catch (e) {
      return undefined;
    }
  }

  serial(): string | undefined {
    try {
      const serial = serialNumber();
      return typeof serial === 'string' && serial.length > 0 ? serial : undefined;
    } catch (e) {
      return undefined;
    }
  }
}
