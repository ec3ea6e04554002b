import type { Hal } from '../../hal/types';

// The firmware's console milestones: one line each, prefixed "aliot:", that a person (or the board-in-the-loop
// runner, scripts/bitl) reads to follow the story. Secrets never appear here.

export const PREFIX = 'aliot: ';

export function say(line: string): void {
  print(PREFIX + line);
}

/** Memory in use at a named phase, on the console (when the HAL reads memory) and, in the profile runner, as a memory mark. */
export function markMemory(phase: string, hal: Hal): void {
  if (typeof __aliotMark === 'function') __aliotMark(phase);
  const reading = hal.memory ? hal.memory.read() : undefined;
  if (reading) say('memory ' + phase + ' used=' + reading.used + ' free=' + reading.free + ' unit=' + reading.unit);
}
