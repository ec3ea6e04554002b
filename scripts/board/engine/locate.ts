// Where the real Espruino engines are: Espruino's own interpreter built for Linux (`make BOARD=LINUX` in the
// Espruino repository), run as a board whose UART is the process's stdin/stdout. Not part of this project: a
// path given on the command line, $ALIOT_ESPRUINO (one engine), or a directory of engines ($ALIOT_ENGINES_DIR,
// else ../shared/espruino beside the project) named espruino-<version>-<variant>.
import { accessSync, constants, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from '../../project-root';

/** The stock Linux build: a resizable JsVar pool, TLS memory from JsVars. */
export const STOCK_ENGINE = 'espruino-2v29-linux';
/** An ESP32-sized pool of 8,000 JsVars, TLS memory from the C heap (an ESP32 with BLE off and a small app). */
export const ESP32_8000_ENGINE = 'espruino-2v29-esp32-8000';
/** 4,000 JsVars: a classic ESP32 with default settings, the budget board. */
export const ESP32_4000_ENGINE = 'espruino-2v29-esp32-4000';

export const HOW_TO_GET_AN_ENGINE =
  'build Espruino for Linux (git clone the Espruino repository, `make BOARD=LINUX`) and point ALIOT_ESPRUINO at the ' +
  'binary, or ALIOT_ENGINES_DIR at a directory of espruino-2v29-* builds';

export class EngineNotFoundError extends Error {
  readonly code = 'ENGINE_NOT_FOUND';
}

/** The directory holding the named engines. */
export function enginesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.ALIOT_ENGINES_DIR ?? resolve(projectRoot, '..', 'shared', 'espruino'));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A named engine (espruino-2v29-esp32-8000, …) in enginesDir(), or undefined. */
export function namedEngine(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = resolve(enginesDir(env), name);
  return existsSync(path) && isExecutable(path) ? path : undefined;
}

/**
 * The engine for `--engine [path]`: the path given, else $ALIOT_ESPRUINO, else the stock build in enginesDir().
 * Throws EngineNotFoundError saying how to get one.
 */
export function resolveEngine(given?: string | boolean, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = typeof given === 'string' ? given : env.ALIOT_ESPRUINO;
  if (explicit) {
    const path = resolve(explicit);
    if (!existsSync(path)) throw new EngineNotFoundError(`no Espruino engine at ${path}: ${HOW_TO_GET_AN_ENGINE}`);
    if (!isExecutable(path)) throw new EngineNotFoundError(`${path} is not executable (chmod +x it)`);
    return path;
  }
  const stock = namedEngine(STOCK_ENGINE, env);
  if (stock) return stock;
  throw new EngineNotFoundError(`no Espruino engine given and none in ${enginesDir(env)}: ${HOW_TO_GET_AN_ENGINE}`);
}
