import { Circle, Kind, LabelledSquare, Shape, Square } from './shapes';

// The image pipeline's self-test: ordinary TypeScript that Espruino cannot run as plain tsc ES5 output.
// Run under Node and in the Espruino-profile runner, it must print exactly the same lines.

interface Config {
  name: string;
  retries: number;
  region?: string;
  nested?: { port?: number };
}

/** Runs every check, writing one line each through `out`. */
export function runSelfTest(out: (line: string) => void): void {
  // A function called above its declaration (Espruino does not hoist).
  out(`hoisted: ${describeNumber(42)}`);

  const shapes: Shape[] = [new Circle(1.5), new Square(3), new LabelledSquare(2, 'tile')];
  for (const shape of shapes) out(shape.summary);
  out(`created=${Shape.created} instanceof=${shapes[2] instanceof Square}/${shapes[2] instanceof Shape}`);
  out(`enum: ${Kind.Circle} ${Kind.Square} ${Kind.Label} ${Kind[10]}`);

  const counters = makeCounters(3);
  counters[0]!();
  counters[2]!();
  counters[2]!();
  out(`closures: ${counters.map((c) => c()).join(',')}`);

  const base: Config = { name: 'dev', retries: 1, nested: {} };
  const merged = { ...base, retries: 5, region: 'cn-shanghai' };
  out(`spread: ${JSON.stringify(merged)} base.retries=${base.retries}`);
  out(`optional: ${merged.nested?.port ?? 'none'} ${(undefined as Config | undefined)?.name ?? 'no-config'}`);

  const { name, ...rest } = merged;
  const list = [1, 2, 3];
  const more = [0, ...list, 4];
  out(`destructure: ${name} ${Object.keys(rest).join('+')} ${more.join('')} max=${Math.max(...more)}`);
  out(`rest-args: ${sum(1, 2, 3, 4)}`);

  out(`var-in-branch: ${varInBranch(true)} ${varInBranch(false)}`);
  out(`slice-args: ${joinArguments('a', 'b', 'c')}`);
  out(`bytes: ${hex(new Uint8Array([0, 15, 16, 255]))}`);
  out(`sorted: ${['pear', 'apple', 'fig'].sort().join(' ')}`);
  out('done');
}

function describeNumber(n: number): string {
  return n % 2 === 0 ? `${n} is even` : `${n} is odd`;
}

function makeCounters(n: number): (() => number)[] {
  const result: (() => number)[] = [];
  for (let i = 0; i < n; i++) {
    let count = i * 10;
    result.push(() => ++count);
  }
  return result;
}

function sum(...values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function varInBranch(set: boolean): string {
  if (set) {
    // eslint-disable-next-line no-var
    var label = 'set';
  }
  // Read outside the branch that declares it; undefined when the branch did not run.
  // @ts-ignore -- reading a var declared in a branch is the point of this check
  return label === undefined ? 'unset' : label;
}

function joinArguments(..._args: string[]): string {
  // Builtin prototype access, as libraries write it: the Espruino pass turns it into [].slice.
  const copy: string[] = Array.prototype.slice.call(arguments, 1);
  return copy.join('|');
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}
