// Keep-alive [MQTT-3.1.2.10] figures. A PINGREQ goes out when nothing was written for PING_FRACTION (3/4) of the
// keep-alive interval, so the broker hears from us well inside the interval (it may drop us after 1.5 of it) —
// the same margin Moddable uses. The client's timer does the rest (client.ts).

/** PINGREQ after this fraction of the keep-alive interval without a write. */
export const PING_FRACTION = 0.75;
/** Default PINGRESP deadline: a quarter of the interval (ping + deadline stay inside one interval), at most this. */
export const PINGRESP_TIMEOUT_CAP_MS = 10000;

/** The PINGRESP deadline for a keep-alive of `keepaliveSec`, unless the options name one. */
export function defaultPingrespTimeout(keepaliveSec: number): number {
  return Math.min(PINGRESP_TIMEOUT_CAP_MS, Math.floor((keepaliveSec * 1000) / 4));
}
