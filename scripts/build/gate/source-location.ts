/**
 * Maps image positions back to the TypeScript that produced them, through the image's v3 source map.
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { GateViolation } from './types';

export type SourceLocator = (line: number, column: number) => GateViolation['source'];

export function sourceLocator(sourceMap: string | object): SourceLocator {
  const map = new TraceMap(sourceMap as ConstructorParameters<typeof TraceMap>[0]);
  return (line, column) => {
    const found = originalPositionFor(map, { line, column });
    if (found.source === null || found.line === null || found.column === null) return undefined;
    return { file: found.source, line: found.line, column: found.column };
  };
}
