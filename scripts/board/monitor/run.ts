// `aliot monitor`: open the port (a virtual board is powered on after the monitor listens, so its boot shows),
// show the console masked, end on Ctrl-C, --duration, or when the port closes.
import { openBoardPort, type PortSelection, type VirtualPortOptions } from '../../serial/board-port';
import { startMonitor } from './monitor';

export interface MonitorCommandOptions extends PortSelection {
  durationMs?: number;
  reset?: boolean;
}

export async function runMonitor(
  options: MonitorCommandOptions,
  deps: { write?: (bytes: Buffer) => void; virtualOptions?: VirtualPortOptions; err?: (text: string) => void } = {},
): Promise<void> {
  const err = deps.err ?? ((text: string) => process.stderr.write(text));
  const port = await openBoardPort(options, { ...deps.virtualOptions, boot: false });
  err(`monitoring ${port.label} (secrets masked; Ctrl-C to stop)\n`);
  const monitor = startMonitor({
    port,
    write: deps.write ?? ((bytes) => process.stdout.write(bytes)),
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    ...(options.reset ? { reset: true } : {}),
  });
  const onSigint = () => monitor.stop();
  process.once('SIGINT', onSigint);
  try {
    await monitor.done;
  } finally {
    process.off('SIGINT', onSigint);
    await port.close();
  }
}
