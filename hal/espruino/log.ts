// A log sink on print(): one console line per call, with a level prefix.
import type { LogLevel, LogSink } from '../types';
import { consolePrint } from './natives';

const RANK: { [level: string]: number } = { debug: 0, info: 1, warn: 2, error: 3 };
const PREFIX: { [level: string]: string } = { debug: 'D', info: 'I', warn: 'W', error: 'E' };

export class PrintLog implements LogSink {
  private readonly min: number;

  constructor(level: LogLevel) {
    this.min = RANK[level];
  }

  write(level: LogLevel, tag: string, message: string): void {
    const rank = RANK[level] === undefined ? RANK.error : RANK[level];
    if (rank < this.min) return;
    try {
      consolePrint((PREFIX[level] || 'E') + ' [' + tag + '] ' + message);
    } catch (e) {
      // the console must never break the device
    }
  }
}
