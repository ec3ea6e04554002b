// The virtual board's console as the demo reads it: every line, plus waiting for the line that marks a milestone.

export interface ConsoleWatch {
  lines: string[];
  /** Resolves with the first line (from `from` on) matching `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<string>;
  /** Called by the board for each console line. */
  push(line: string): void;
}

export function watchConsole(onLine?: (line: string) => void): ConsoleWatch {
  const lines: string[] = [];
  const waiters: { pattern: RegExp; from: number; resolve: (line: string) => void }[] = [];
  return {
    lines,
    push(line) {
      lines.push(line);
      onLine?.(line);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (lines.length - 1 >= waiters[i]!.from && waiters[i]!.pattern.test(line)) {
          waiters[i]!.resolve(line);
          waiters.splice(i, 1);
        }
      }
    },
    waitFor(pattern, timeoutMs, from = 0) {
      const seen = lines.slice(from).find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const at = waiters.findIndex((w) => w.resolve === done);
          if (at >= 0) waiters.splice(at, 1);
          reject(new Error(`the board did not print ${pattern} within ${timeoutMs} ms (last: ${lines.slice(-3).join(' | ')})`));
        }, timeoutMs);
        const done = (line: string) => {
          clearTimeout(timer);
          resolve(line);
        };
        waiters.push({ pattern, from, resolve: done });
      });
    },
  };
}
