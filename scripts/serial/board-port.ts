// "A port" for the REPL tools (upload, provision, monitor, bitl): a real serial device (--port /dev/ttyUSB0), a
// virtual ESP32 (--virtual [name]) whose flash lives in ~/.aliot/virtual/<name>, or the real Espruino engine
// (--engine [path]) whose flash lives in ~/.aliot/engine/<name>. All are a byte duplex that speaks the Espruino
// REPL, so the tools are the same code for each.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import type { EngineBoard } from '../board/engine';
import type { VirtualEsp32, VirtualEsp32Options } from '../board/virtual';
import { defaultDataDir } from '../cloud/cli/data-dir';
import { describeOpenError, SerialError } from './errors';

/** Espruino's REPL on ESP32 runs at 115200 baud (spec/espruino.md §2). */
export const REPL_BAUD = 115200;

export interface BoardPort {
  /** For messages: the device path, or "virtual board <name>". */
  readonly label: string;
  readonly duplex: Duplex;
  /** Set for a virtual board (memory readings, host-side Storage). */
  readonly virtual?: VirtualEsp32;
  /** Set for the real Espruino engine (reboot, power cut). */
  readonly engine?: EngineBoard;
  close(): Promise<void>;
}

export interface PortSelection {
  /** A serial device path. */
  port?: string;
  /** A virtual board: true for "default", or its name. */
  virtual?: boolean | string;
  /** The real Espruino engine: true for $ALIOT_ESPRUINO (or the stock build beside the project), or its path. */
  engine?: boolean | string;
  /** The engine board's name (its flash directory); default the engine file's name. */
  engineName?: string;
  baudRate?: number;
}

export interface EnginePortOptions {
  /** Where engine boards keep their flash; default $ALIOT_ENGINE_BOARDS_DIR or ~/.aliot/engine. */
  baseDir?: string;
  /** Explicit board directory (overrides baseDir/name). */
  storageDir?: string;
  /** Power the board on at once (default true). */
  boot?: boolean;
  onLine?: (line: string) => void;
}

export interface VirtualPortOptions extends Partial<Omit<VirtualEsp32Options, 'storageDir'>> {
  /** Where virtual boards keep their flash; default $ALIOT_VIRTUAL_DIR or ~/.aliot/virtual. */
  baseDir?: string;
  /** Explicit storage directory (overrides baseDir/name). */
  storageDir?: string;
  /** Power the board on at once (default true). */
  boot?: boolean;
  /**
   * Without a hostMap, the board reaches the local cloud whose cloud.json is in this data dir (read at every
   * connect, so a cloud started later is found); default $ALIOT_CLOUD_DATA or ~/.aliot/cloud.
   */
  cloudDataDir?: string;
}

export function virtualBaseDir(): string {
  return process.env.ALIOT_VIRTUAL_DIR ?? join(homedir(), '.aliot', 'virtual');
}

/** Storage directory of a named virtual board. */
export function virtualStorageDir(name: string, baseDir = virtualBaseDir()): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new SerialError('PORT_OPEN_FAILED', `virtual board name "${name}" may hold only letters, digits, '.', '_' and '-'`);
  return resolve(baseDir, name);
}

export function engineBaseDir(): string {
  return process.env.ALIOT_ENGINE_BOARDS_DIR ?? join(homedir(), '.aliot', 'engine');
}

interface LocalCloudState {
  host?: string;
  httpsPort?: number;
  mqttTlsPort?: number;
  hostMap?: Record<string, string>;
}

/** The local cloud's cloud.json in this data dir, or undefined. */
function readLocalCloudState(dataDir: string): LocalCloudState | undefined {
  const state = join(dataDir, 'cloud.json');
  if (!existsSync(state)) return undefined;
  try {
    return JSON.parse(readFileSync(state, 'utf8')) as LocalCloudState;
  } catch {
    return undefined;
  }
}

/** The host map of the local cloud running on this machine (its cloud.json), so a virtual board can reach it. */
export function localCloudHostMap(dataDir: string): Record<string, string> | undefined {
  return readLocalCloudState(dataDir)?.hostMap;
}

/**
 * The aliot.config endpoints that take a board without a host map (the real Espruino engine on this machine) to
 * the local cloud of this data dir, or undefined when none has run there.
 */
export function localCloudSettings(dataDir: string): Record<string, unknown> | undefined {
  const state = readLocalCloudState(dataDir);
  if (!state || !state.httpsPort || !state.mqttTlsPort) return undefined;
  const host = !state.host || state.host === '0.0.0.0' || state.host === '::' ? '127.0.0.1' : state.host;
  return { authHost: host, authPort: state.httpsPort, mqttHost: host, mqttPort: state.mqttTlsPort };
}

/** Opens a real serial port at the REPL's baud rate, with errors that say what to do. */
export async function openSerialBoardPort(path: string, baudRate = REPL_BAUD): Promise<BoardPort> {
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((ok, fail) => port.open((error) => (error ? fail(describeOpenError(path, error)) : ok())));
  return {
    label: path,
    duplex: port,
    close: () =>
      new Promise<void>((done) => {
        if (!port.isOpen) return done();
        port.drain(() => port.close(() => done()));
      }),
  };
}

/** Starts (or creates) a virtual ESP32 and returns its serial port. */
export async function openVirtualBoardPort(name: string, options: VirtualPortOptions = {}): Promise<BoardPort> {
  const { createVirtualEsp32 } = await import('../board/virtual');
  const { baseDir, storageDir, boot = true, cloudDataDir, ...boardOptions } = options;
  const dir = storageDir ?? virtualStorageDir(name, baseDir);
  const cloudDir = cloudDataDir ?? defaultDataDir();
  const hostMap = boardOptions.hostMap ?? (() => localCloudHostMap(cloudDir));
  const board = createVirtualEsp32({ ...boardOptions, hostMap, storageDir: dir });
  if (boot) await board.boot();
  return {
    label: `virtual board ${name} (${dir})`,
    duplex: board.serial,
    virtual: board,
    close: async () => board.dispose(),
  };
}

/** Starts (or creates) a board on the real Espruino engine and returns its UART. */
export async function openEngineBoardPort(engine: boolean | string | undefined, name?: string, options: EnginePortOptions = {}): Promise<BoardPort> {
  const { EngineBoard, resolveEngine } = await import('../board/engine');
  let path: string;
  try {
    path = resolveEngine(engine);
  } catch (error) {
    throw new SerialError('PORT_OPEN_FAILED', (error as Error).message);
  }
  const boardName = name ?? basename(path);
  const dir = options.storageDir ?? virtualStorageDir(boardName, options.baseDir ?? engineBaseDir());
  const board = new EngineBoard({ engine: path, storageDir: dir, ...(options.onLine ? { onLine: options.onLine } : {}) });
  if (options.boot ?? true) await board.boot();
  return {
    label: `engine board ${boardName} (${path}, flash in ${dir})`,
    duplex: board.serial,
    engine: board,
    close: () => board.dispose(),
  };
}

/** --port, --virtual or --engine, exactly one. */
export async function openBoardPort(selection: PortSelection, virtualOptions: VirtualPortOptions = {}, engineOptions: EnginePortOptions = {}): Promise<BoardPort> {
  const given = [selection.port && '--port', selection.virtual && '--virtual', selection.engine && '--engine'].filter(Boolean);
  if (given.length > 1) throw new SerialError('PORT_OPEN_FAILED', `give one of --port, --virtual or --engine, not ${given.join(' and ')}`);
  if (selection.port) return openSerialBoardPort(selection.port, selection.baudRate);
  if (selection.engine) return openEngineBoardPort(selection.engine, selection.engineName, { ...engineOptions, ...(virtualOptions.boot === false ? { boot: false } : {}) });
  if (selection.virtual) return openVirtualBoardPort(typeof selection.virtual === 'string' ? selection.virtual : 'default', virtualOptions);
  throw new SerialError('PORT_OPEN_FAILED', 'no board given: use --port <device> (e.g. /dev/ttyUSB0), --virtual [name] or --engine [path]');
}
