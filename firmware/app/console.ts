// The firmware's console milestones: one line each, prefixed "aliot:", that a person (or the board-in-the-loop
// runner, scripts/bitl) reads to follow the story. Secrets never appear here.

export const PREFIX = 'aliot: ';

export function say(line: string): void {
  print(PREFIX + line);
}

/** Memory in use at a named phase, on the console and (in the profile runner) as a memory mark. */
export function markMemory(phase: string, reading: { used: number; free: number; unit: string } | undefined): void {
  if (typeof __aliotMark === 'function') __aliotMark(phase);
  if (reading) say('memory ' + phase + ' used=' + reading.used + ' free=' + reading.free + ' unit=' + reading.unit);
}
