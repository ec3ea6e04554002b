// The hardware boundary: what every board binding implements and what src/ programs against.
//
// Rules of the contract:
// - Callback style. No Promises, no async.
// - Nothing throws across it. A failure is a return value (HalError) or arrives in an error callback.
// - Bytes are Uint8Array. Strings in KV are 8-bit clean (Espruino strings are 8-bit on ESP32).
// - Handlers registered by src/ are never called synchronously from inside the call that registered them.

/** A failure reported by a board binding. `code` is stable and machine-readable; `message` is for people. */
export interface HalError {
  code: HalErrorCode;
  message: string;
}

export type HalErrorCode =
  // key-value store
  | 'KEY_TOO_LONG' // key longer than caps.maxKeyLength (Espruino would silently truncate it)
  | 'FULL' // no room left in flash / the store's capacity
  | 'WRITE_FAILED' // the medium refused or the write did not read back
  // sockets
  | 'REFUSED' // connection refused
  | 'DNS' // host name did not resolve
  | 'TIMEOUT' // connect or I/O timed out inside the binding
  | 'RESET' // connection reset / dropped by the network
  | 'TLS_HANDSHAKE' // TLS handshake failed
  | 'TLS_VERIFY' // peer certificate did not verify against the CA list or name
  | 'PEER_CLOSE_NOTIFY' // TLS close alert from the peer (Espruino reports -30848); normal after a complete reply
  | 'LIMIT' // too many sockets of this kind open (see caps.maxTlsSockets)
  | 'BUSY' // write refused for back-pressure; retry after onDrain
  | 'CLOSED' // the socket is not open
  | 'IO'; // anything else

// ---------------------------------------------------------------------------------------------
// Key-value store (flash)

export interface Kv {
  /** The stored string, or undefined when the key is absent. */
  get(key: string): string | undefined;
  /** Stores the value; null when it was stored, otherwise why not. */
  set(key: string, value: string): HalError | null;
  /** Removes the key; removing an absent key succeeds. */
  remove(key: string): HalError | null;
}

// ---------------------------------------------------------------------------------------------
// Network

export interface SocketOptions {
  host: string;
  port: number;
  /** TLS when true, plain TCP otherwise. */
  tls: boolean;
  /** Trusted roots, PEM. Empty or absent: the binding's default trust. */
  ca?: string[];
  /** Name to send as SNI and to verify the certificate against; defaults to host. */
  servername?: string;
}

export interface SocketHandlers {
  /** The connection (and TLS handshake) is complete. */
  onConnect(): void;
  /**
   * Bytes arrived, in whatever chunks the network delivered. The array is the handler's from then on: the HAL
   * never writes into it again (the MQTT client keeps payloads as views of it instead of copying them).
   */
  onData(bytes: Uint8Array): void;
  /** Writes accepted before a BUSY refusal have drained; writing may continue. */
  onDrain?(): void;
  /**
   * The socket is gone: error null for an orderly close by the peer, otherwise why. Called at most once,
   * and never after the owner called close().
   */
  onClose(error: HalError | null): void;
}

export interface Socket {
  /**
   * null when the bytes were taken; BUSY for back-pressure (wait for onDrain); CLOSED when not open.
   * The binding copies or sends the bytes before returning: the caller may reuse the array at once.
   */
  write(bytes: Uint8Array): HalError | null;
  /** Closes the socket. No handler is called after this. Idempotent. */
  close(): void;
}

export interface Net {
  /**
   * Starts a connection. Always returns a socket; every failure (refused, DNS, TLS, limit) arrives later
   * through onClose without onConnect.
   */
  open(options: SocketOptions, handlers: SocketHandlers): Socket;
}

// ---------------------------------------------------------------------------------------------
// Identity, time, randomness, hashes, logs, memory

export interface Identity {
  /** The primary MAC as six lower-case hex pairs joined by ':', or undefined when the board has none. */
  mac(): string | undefined;
  /** The board's serial number as the board reports it, or undefined. */
  serial(): string | undefined;
}

export type TimerId = number;

export interface Clock {
  /**
   * Monotonic milliseconds, an integer in [0, 2^32) that wraps to 0. Compare with elapsedMs() from
   * src/, never with plain subtraction.
   */
  now(): number;
  /** Milliseconds since 1970-01-01Z, floored; undefined while the board has no real time (before SNTP). */
  wallTime(): number | undefined;
  /** Calls fn once after at least ms milliseconds. */
  setTimer(ms: number, fn: () => void): TimerId;
  /** Cancels a timer; unknown or already fired ids are ignored. */
  clearTimer(id: TimerId): void;
  /**
   * Moves an unset or lagging wall clock forward to at least `ms` (ms since 1970), for boards whose TLS checks
   * certificate validity against their own clock before SNTP has run. Absent where the host keeps the time.
   */
  ensureWallTimeAtLeast?(ms: number): void;
}

export interface Random {
  /** n bytes from the hardware random number generator. */
  bytes(n: number): Uint8Array;
}

/** Hash functions the board computes natively; each may be absent. */
export interface NativeHash {
  sha256?(data: Uint8Array): Uint8Array;
  sha1?(data: Uint8Array): Uint8Array;
  md5?(data: Uint8Array): Uint8Array;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogSink {
  /** One line. Callers mask secrets before they get here. */
  write(level: LogLevel, tag: string, message: string): void;
}

export interface MemoryReading {
  used: number;
  free: number;
  /** The board's own unit: 'bytes', or 'jsvars' on Espruino. */
  unit: string;
}

export interface MemoryProbe {
  read(): MemoryReading;
}

export interface Capabilities {
  /** false on Espruino: its TLS does not check the server certificate. */
  tlsVerifiesPeer: boolean;
  /** How many TLS sockets may be open at once (1 on ESP32 for memory). */
  maxTlsSockets: number;
  /** Whether `hash` offers at least one native function. */
  hasNativeHash: boolean;
  /** Longest key the KV store takes (Espruino Storage names: 28). */
  maxKeyLength: number;
  /** Longest value the KV store takes, in characters. */
  maxValueLength: number;
}

export interface Hal {
  kv: Kv;
  net: Net;
  identity: Identity;
  clock: Clock;
  random: Random;
  hash: NativeHash;
  log: LogSink;
  /** Absent where the board cannot measure its memory. */
  memory?: MemoryProbe;
  caps: Capabilities;
}

// ---------------------------------------------------------------------------------------------
// Board descriptors (boards/*.ts): data plus a binding choice. No logic beyond selecting and sizing.

/** Buffer and queue sizes; src/ allocates exactly these, once. */
export interface BoardSizes {
  /** MQTT receive buffer: the largest packet kept (larger ones are drained and reported). */
  mqttRxBuffer: number;
  /** MQTT transmit buffer: the largest packet the client will build. */
  mqttTxBuffer: number;
  /** Largest HTTP response body accepted. */
  httpBodyCap: number;
  /** Largest HTTP status line plus headers accepted. */
  httpHeaderCap: number;
  /** QoS1 publishes in flight at once. */
  qos1Window: number;
  /** Publishes held while offline. */
  offlineQueue: number;
}

/** How a DeviceName is made from the board's identity. */
export type DeviceNameFormat =
  | 'mac-upper' // AABBCCDDEEFF
  | 'mac-lower' // aabbccddeeff
  | 'mac-colon' // AA:BB:CC:DD:EE:FF
  | 'serial'; // the serial as reported, characters outside the DeviceName set replaced by '_'

/**
 * What goes into an image, chosen at build time (as the Link Kit SDK chooses its FEATURE_* flags): the bundler
 * turns each into a constant and drops the code of what is left out. A configuration asking for a feature the image
 * lacks halts with CONFIG naming the field. Our own SHA-256/SHA-1 are built in exactly when caps.hasNativeHash is
 * false; MD5 comes with signMd5.
 */
export interface ImageFeatures {
  /** Dynamic registration over HTTPS (registration 'https'). */
  registerHttps: boolean;
  /** Dynamic registration over MQTT of a pre-registered device (registration 'mqtt-register'). */
  registerMqtt: boolean;
  /** Registration over MQTT without pre-registration (registration 'mqtt-regnwl') and its connwl login. */
  registerNwl: boolean;
  /** HTTPS authentication mode (authMode 'https'). */
  authHttps: boolean;
  /** The hmacsha1 sign method (hmacsha256 is always in). */
  signSha1: boolean;
  /** The hmacmd5 sign method. */
  signMd5: boolean;
  /** The most detailed log level built in; warnings and errors always are. */
  logLevel: 'debug' | 'info' | 'warn';
}

export interface BoardDescriptor {
  /** The directory name under dist/ and the --board argument. */
  name: string;
  /** Which hal/ binding runs it. */
  binding: 'mock' | 'node' | 'espruino';
  /** The firmware entry bundled into dist/<name>/image.js, relative to the project root. */
  image?: {
    entry: string;
    /** Globals the engine has beyond the dialect (e.g. Promise); the gate allows exactly these. */
    allowGlobals?: string[];
    /** What the image holds; absent: every feature (boards/features.ts has the sets). */
    features?: ImageFeatures;
  };
  sizes: BoardSizes;
  memoryBudget: {
    limit: number;
    unit: 'bytes' | 'jsvars';
    /**
     * For Espruino boards: the ceiling on the virtual ESP32 (QuickJS bytes in use, the compiled image included —
     * Espruino keeps function bodies in flash, QuickJS in RAM). A regression guard, not a hardware figure.
     */
    virtualLimitBytes?: number;
  };
  identity: { source: 'mac' | 'serial' | 'config'; deviceNameFormat: DeviceNameFormat };
  /** Names of the CA roots the device trusts for the real cloud (see boards/ca). */
  caBundle: string[];
  caps: Capabilities;
}
