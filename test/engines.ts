// The real Espruino engines for tests. CI sets ALIOT_REQUIRE_ENGINES=1 (and ALIOT_ENGINES_DIR): a missing engine
// then fails the run instead of skipping. Elsewhere a test on a missing engine is skipped, and one line says how
// to get one.
import { enginesDir, HOW_TO_GET_AN_ENGINE, namedEngine } from '../scripts/board/engine/locate';

const announced = new Set<string>();

/** The engine's path, or undefined (after one visible line) when it is missing and not required. */
export function engineForTest(name: string): string | undefined {
  const path = namedEngine(name);
  if (path) return path;
  const why = `real Espruino engine ${name} not found in ${enginesDir()}`;
  if (process.env.ALIOT_REQUIRE_ENGINES === '1') throw new Error(`${why}; ALIOT_REQUIRE_ENGINES=1 forbids skipping: ${HOW_TO_GET_AN_ENGINE}`);
  if (!announced.has(name)) {
    announced.add(name);
    process.stderr.write(
      `skipping tests on ${name}: ${why}; to run them, build Espruino for Linux (\`make BOARD=LINUX\` in the Espruino ` +
        `repository) and set ALIOT_ENGINES_DIR to a directory holding it as ${name}\n`,
    );
  }
  return undefined;
}
