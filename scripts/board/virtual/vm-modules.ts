// Installs the virtual ESP32's modules (./vm/*.js) into a fresh Espruino profile: the host functions they
// close over go in under a temporary global, the files run once, and the global is deleted again.
import { readFileSync } from 'node:fs';
import type { EspruinoProfile, HostFunction } from '../profile';

/** Evaluated in this order: net and system use what storage put on `board.modules`. */
export const VM_MODULE_FILES = ['storage.js', 'net.js', 'system.js', 'repl.js'] as const;

const HOST_GLOBAL = '__vboardHost';

let cached: { name: string; code: string }[] | undefined;

function moduleSources(): { name: string; code: string }[] {
  cached ??= VM_MODULE_FILES.map((name) => ({
    name,
    code: readFileSync(new URL(`./vm/${name}`, import.meta.url), 'utf8'),
  }));
  return cached;
}

/** The installer script: every module file called with (host, G, board). */
function installerSource(): string {
  const calls = moduleSources()
    .map(({ name, code }) => `// ${name}\n(${code.trim().replace(/;$/, '')})(host, G, board);`)
    .join('\n');
  return [
    '(function (G) {',
    `  var host = G.${HOST_GLOBAL};`,
    `  delete G.${HOST_GLOBAL};`,
    '  var board = { modules: {} };',
    "  Object.defineProperty(G, '__vboard', { value: board, writable: false, enumerable: false, configurable: false });",
    calls,
    '})(global);',
  ].join('\n');
}

/** Defines the host functions and runs the module files; throws if a file fails. */
export function installVmModules(profile: EspruinoProfile, host: Record<string, HostFunction>): void {
  for (const [name, fn] of Object.entries(host)) profile.defineHostFunction(`${HOST_GLOBAL}.${name}`, fn);
  const result = profile.eval(installerSource(), 'virtual-esp32/modules.js');
  if (!result.ok) throw new Error(`the virtual ESP32's modules failed to install: ${result.error.name}: ${result.error.message}`);
}
