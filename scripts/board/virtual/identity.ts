// The virtual board's identity: its MAC (the eFuse default MAC on a real ESP32) and the serial Espruino
// derives from it, "240ac400-2f90" for 24:0a:c4:00:2f:90 (spec/espruino.md §1c).

/** An Espressif OUI (24:0A:C4) MAC; the default when none is configured. */
export const DEFAULT_MAC = '24:0a:c4:00:2f:90';

/** The six bytes of a MAC written with ':', '-' or no separators. */
export function macBytes(mac: string): number[] {
  const hex = mac.replace(/[-:.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) throw new Error(`"${mac}" is not a MAC address (six hex pairs)`);
  return hex.match(/../g)!.map((pair) => parseInt(pair, 16));
}

/** "aa:bb:cc:dd:ee:ff", as require("Wifi").getIP().mac reports it. */
export function formatMac(mac: string): string {
  return macBytes(mac)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');
}

/** getSerial() of an ESP32: the first four MAC bytes, '-', the last two, in lower-case hex. */
export function serialFromMac(mac: string): string {
  const hex = macBytes(mac).map((b) => b.toString(16).padStart(2, '0'));
  return `${hex.slice(0, 4).join('')}-${hex.slice(4).join('')}`;
}
