// The host map: the device keeps computing and verifying the real Alibaba host names while its traffic goes
// somewhere else (the local cloud). Pure; no Node imports (hal/mock applies the same map).

/**
 * Host name (exact, or '*.suffix' for any one label in front of suffix) → where to connect instead:
 * 'host:port', '[v6]:port', or just 'host' to keep the port the device asked for.
 * Example: { 'iot-auth.cn-shanghai.aliyuncs.com': '127.0.0.1:8443',
 *            '*.iot-as-mqtt.cn-shanghai.aliyuncs.com': '127.0.0.1:8883' }
 */
export interface HostMap {
  [name: string]: string;
}

export interface Route {
  /** Where to connect. */
  host: string;
  port: number;
  /** Whether a map entry applied. */
  mapped: boolean;
}

/** Where a connection to host:port really goes. Exact entries win over wildcards. */
export function routeFor(map: HostMap | undefined, host: string, port: number): Route {
  const target = map ? lookup(map, host) : undefined;
  if (target === undefined) return { host, port, mapped: false };
  const parsed = parseTarget(target);
  return { host: parsed.host, port: parsed.port ?? port, mapped: true };
}

function lookup(map: HostMap, host: string): string | undefined {
  const name = host.toLowerCase();
  let wildcard: string | undefined;
  for (const key of Object.keys(map)) {
    const pattern = key.toLowerCase();
    if (pattern === name) return map[key];
    if (wildcard === undefined && pattern.startsWith('*.')) {
      const dot = name.indexOf('.');
      if (dot > 0 && name.slice(dot + 1) === pattern.slice(2)) wildcard = map[key];
    }
  }
  return wildcard;
}

/** 'h:p' | '[v6]:p' | 'h' | '[v6]' → host and optional port. */
export function parseTarget(target: string): { host: string; port?: number } {
  const t = target.trim();
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    const host = t.slice(1, close < 0 ? undefined : close);
    const rest = close < 0 ? '' : t.slice(close + 1);
    return rest.startsWith(':') ? { host, port: toPort(rest.slice(1)) } : { host };
  }
  const colon = t.lastIndexOf(':');
  if (colon < 0 || t.indexOf(':') !== colon) return { host: t };
  return { host: t.slice(0, colon), port: toPort(t.slice(colon + 1)) };
}

function toPort(s: string): number | undefined {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}
