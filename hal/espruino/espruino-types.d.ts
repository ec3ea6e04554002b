// Shapes of the Espruino 2v29 APIs aliot binds (spec/espruino.md §1): interfaces only, no values, so this
// file can join any compilation (the binding's own module-local declarations in each of its files use it, and so
// does the ambient espruino.d.ts for firmware code).

// ---- modules (§1a–§1d) -----------------------------------------------------------------------------

/** require("Storage"): the flash file store (§1a). Names longer than 28 characters are silently truncated. */
interface EspruinoStorage {
  /** Writes data (a string is stored as its 8-bit characters); false or a thrown Error when it cannot. */
  write(name: string, data: string | Uint8Array | ArrayBuffer | object, offset?: number, size?: number): boolean;
  /** The file's contents as an 8-bit string, or undefined when there is no such file. */
  read(name: string, offset?: number, length?: number): string | undefined;
  erase(name: string): void;
  list(pattern?: RegExp): string[];
  getFree(): number;
}

/** A socket from require("net").connect / require("tls").connect (libs/network/jswrap_net.c). */
interface EspruinoSocket {
  on(event: 'connect' | 'end' | 'drain', listener: () => void): EspruinoSocket;
  on(event: 'data', listener: (data: string) => void): EspruinoSocket;
  on(event: 'close', listener: (hadError: boolean) => void): EspruinoSocket;
  on(event: 'error', listener: (details: { code: number; message: string }) => void): EspruinoSocket;
  /** Sends data.toString(): pass an 8-bit string (E.toString) for binary data. Always returns false. */
  write(data: string): boolean;
  /** Closes the socket once what was written has been sent. */
  end(): void;
}

interface EspruinoConnectOptions {
  host: string;
  port: number;
  /** Trusted root as a DER string (Espruino's mbedtls cannot parse PEM). */
  ca?: string;
}

interface EspruinoNetModule {
  /** Throws when the host does not resolve or the socket cannot be created. */
  connect(options: EspruinoConnectOptions, callback?: () => void): EspruinoSocket;
}

interface EspruinoWifiModule {
  /** ip and gw are missing while not connected; mac is "aa:bb:cc:dd:ee:ff". */
  getIP(): { ip?: string; netmask?: string; gw?: string; mac?: string };
}

interface EspruinoCryptoModule {
  SHA1(data: string): ArrayBuffer;
  SHA256(data: string): ArrayBuffer;
}

interface EspruinoGlobal {
  require(name: 'Storage'): EspruinoStorage;
  require(name: 'net' | 'tls'): EspruinoNetModule;
  require(name: 'Wifi'): EspruinoWifiModule;
  require(name: 'crypto'): EspruinoCryptoModule;
}

// ---- globals (values are declared in espruino.d.ts) ---------------------------------------------

interface EspruinoE {
  /** A 32-bit random integer from the hardware RNG. */
  hwRand(): number;
  /** The arguments' bytes as one 8-bit string. */
  toString(...args: unknown[]): string;
  /** The arguments' bytes (strings, arrays, typed arrays) as a Uint8Array. */
  toUint8Array(...args: unknown[]): Uint8Array;
  /** JsVars used by a value. */
  getSizeOf?(value: unknown, depth?: number): number;
  /** Hard reset. */
  reboot(): void;
  /** Moves JsVars together so that free ones are contiguous (2v05+; absent on some builds). */
  defrag?(): void;
}

interface EspruinoMemory {
  free: number;
  usage: number;
  total: number;
  /** Bytes per JsVar (1 in the Espruino-profile runner, which counts bytes). */
  blocksize?: number;
}
