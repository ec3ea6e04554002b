// What a virtual ESP32 is made of: its options, and the version line it answers with.
import type { HostMap } from '../../../hal/node/host-map';
import type { WallClockMode } from './wall-clock';

export const ESPRUINO_VERSION_LINE = 'Espruino 2v29 ESP32';

export interface VirtualEsp32Options {
  /** Directory of this board's flash (storage.json); created if missing. */
  storageDir: string;
  /** The eFuse MAC; default 24:0a:c4:00:2f:90. getSerial() is derived from it. */
  mac?: string;
  /** Where host names really go (read at every connect, so it may be filled in later). */
  hostMap?: HostMap | (() => HostMap | undefined);
  /** Let names the host map does not know resolve through the host's DNS (default: they do not resolve). */
  resolveUnmapped?: boolean;
  /** Seeds E.hwRand (boot n uses seed + n): deterministic runs in tests. Default: the host's RNG. */
  seed?: number;
  /** The profile's memory limit in bytes (an out-of-memory halts the board until a reboot). */
  memoryLimitBytes?: number;
  /** real (default): timers and sockets run on their own; virtual: timers move only in advance(). */
  clock?: 'real' | 'virtual';
  /** Storage size; default 896 KB (ESP32, §1a). */
  storageBytes?: number;
  /** When Date.now() becomes real time; default 'sntp'. */
  wallClock?: WallClockMode;
  /** IDF heap outside JsVars (TLS buffers come from here); default 60 KB: one TLS socket fits. */
  nativeHeapBytes?: number;
  /** Wi-Fi as require("Wifi").getIP() reports it; default connected as 192.168.4.2. */
  wifi?: { connected?: boolean; ip?: string; netmask?: string; gw?: string };
  /** Globals the image may use beyond the dialect (the board descriptor's allowGlobals). */
  allowGlobals?: string[];
  /** Longest one VM entry may run; default the profile's 5000 ms. */
  maxRunMs?: number;
  /** Socket connect timeout; default 15000 ms. */
  connectTimeoutMs?: number;
  /** Each console line the board prints (program output, banner, errors), as it is printed. */
  onLine?: (line: string) => void;
}

/** off → booting → running; an out-of-memory halts it until a reboot (Espruino cannot catch one, §1f). */
export type PowerState = 'off' | 'booting' | 'running' | 'halted';
