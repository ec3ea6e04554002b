// Factory mode: one board after another on the same port — plug it in, provision it, verify it, report, next —
// until the count is reached or the operator stops. Each board's DeviceName must be new in this run (two
// boards with one name would fight over one cloud identity). With virtual boards, a sequence of distinct MACs.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BoardPort } from '../../serial/board-port';
import { ReplClient } from '../../serial/repl-client';
import { provisionBoard, type ProvisionOutcome, type ProvisionRequest } from './provision';

export interface BoardSource {
  /** Waits for the next board; undefined when there are no more. */
  next(index: number): Promise<BoardPort | undefined>;
  /** After a board is done (or failed): release it, and wait until it is taken away. */
  release(port: BoardPort, index: number): Promise<void>;
}

export interface FactoryResult {
  index: number;
  ok: boolean;
  outcome?: ProvisionOutcome;
  error?: string;
}

export interface FactoryOptions {
  request: ProvisionRequest;
  source: BoardSource;
  /** Stop after this many boards (default: until the source has no more). */
  count?: number;
  /** After a successful provisioning: the cloud and CSV steps; a message to show. */
  after?: (outcome: ProvisionOutcome) => Promise<string | undefined>;
  out: (text: string) => void;
  /** Checked between boards: true stops the run. */
  stopped?: () => boolean;
}

export async function runFactory(options: FactoryOptions): Promise<FactoryResult[]> {
  const results: FactoryResult[] = [];
  const names = new Map<string, number>();
  for (let index = 1; options.count === undefined || index <= options.count; index++) {
    if (options.stopped?.()) break;
    const port = await options.source.next(index);
    if (!port) break;
    const repl = new ReplClient(port.duplex, { label: port.label });
    try {
      const outcome = await provisionBoard(repl, options.request);
      const earlier = names.get(outcome.deviceName);
      if (earlier !== undefined) throw new Error(`board ${index} has the same DeviceName ${outcome.deviceName} as board ${earlier}: check its identity`);
      names.set(outcome.deviceName, index);
      const extra = await options.after?.(outcome);
      results.push({ index, ok: true, outcome });
      options.out(`board ${index}: ${outcome.deviceName} provisioned and verified${outcome.unchanged ? ' (it already held this record)' : ''}${extra ? `; ${extra}` : ''}\n`);
    } catch (error) {
      results.push({ index, ok: false, error: (error as Error).message });
      options.out(`board ${index}: FAILED: ${(error as Error).message}\n`);
    } finally {
      repl.detach();
      await options.source.release(port, index);
    }
  }
  const ok = results.filter((r) => r.ok).length;
  options.out(`factory run: ${ok} of ${results.length} boards provisioned${results.length - ok ? `, ${results.length - ok} failed` : ''}\n`);
  return results;
}

/** A real port: waits for the device to appear, and after each board for it to disappear (unplugged). */
export function serialBoardSource(
  path: string,
  open: (path: string) => Promise<BoardPort>,
  out: (text: string) => void,
  pollMs = 300,
  stopped: () => boolean = () => false,
): BoardSource {
  const unplugged = async () => {
    if (existsSync(path)) out(`unplug the board from ${path}\n`);
    while (existsSync(path) && !stopped()) await sleep(pollMs);
  };
  return {
    async next(index) {
      for (;;) {
        if (!existsSync(path)) out(`plug in board ${index} on ${path} (Ctrl-C to stop)\n`);
        while (!existsSync(path)) {
          if (stopped()) return undefined;
          await sleep(pollMs);
        }
        await sleep(pollMs); // let the USB serial device settle
        try {
          return await open(path);
        } catch (error) {
          out(`cannot open ${path}: ${(error as Error).message}\n`);
          await unplugged();
          if (stopped()) return undefined;
        }
      }
    },
    async release(port) {
      await port.close();
      await unplugged();
    },
  };
}

/** MAC of the n-th simulated factory board: 24:0a:c4:f0:<n>. */
export function factoryMac(index: number): string {
  const hex = index.toString(16).padStart(4, '0');
  return `24:0a:c4:f0:${hex.slice(0, 2)}:${hex.slice(2)}`;
}

/** Virtual boards with distinct MACs, each with its own flash under the virtual boards' directory. */
export function virtualBoardSource(open: (name: string, mac: string) => Promise<BoardPort>, total: number): BoardSource {
  return {
    async next(index) {
      if (index > total) return undefined;
      const mac = factoryMac(index);
      return open(`factory-${mac.replace(/:/g, '')}`, mac);
    },
    async release(port) {
      await port.close();
    },
  };
}
