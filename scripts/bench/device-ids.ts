// Identities of simulated bench devices: a locally administered MAC each, and the DeviceName the node-sim board
// derives from it (mac-upper).

/** The i-th bench device's MAC: 02:00:00:00:00:00 + i. */
export function deviceMac(i: number): string {
  const hex = (0x0200_0000_0000 + i).toString(16).padStart(12, '0');
  return hex.match(/../g)!.join(':');
}

/** The DeviceName the node-sim board derives from a MAC (mac-upper). */
export function deviceNameOf(mac: string): string {
  return mac.replace(/:/g, '').toUpperCase();
}
