// The board-in-the-loop runner: a local cloud in this process, a board (a real one on a serial port, the real
// Espruino engine as a process, or a virtual ESP32), the scenarios' phases in order, and per phase its time, the memory the firmware reported (and, for a
// virtual board, the engine's peak), and the console lines it printed (secrets masked). The same code serves both
// kinds of board: everything goes through the serial REPL and the console.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceNameFormat } from '../../../hal/types';
import { ConsoleOperations, startCloud, type RunningCloud } from '../../cloud/index';
import { openEngineBoardPort, openSerialBoardPort, openVirtualBoardPort, type BoardPort, type VirtualPortOptions } from '../../serial/board-port';
import { ConsoleLog } from '../../serial/console-lines';
import { maskConsoleLine } from '../../serial/mask';
import { ReplClient } from '../../serial/repl-client';
import type { JUnitSuite } from './junit';
import { parseMilestone } from './milestones';
import { SCENARIOS, type BitlContext, type BitlTimeouts, type Scenario } from './scenarios';

export type BitlTarget =
  | { kind: 'virtual'; storageDir?: string; options?: VirtualPortOptions }
  | { kind: 'serial'; path: string; baudRate?: number }
  /** The real Espruino engine: its path, and where its flash lives (default: a temporary directory). */
  | { kind: 'engine'; engine: string; storageDir?: string };

export interface BitlOptions {
  target: BitlTarget;
  /** The image (latin1) uploaded in the first phase. */
  image: string;
  /** The board descriptor's DeviceName format. */
  deviceNameFormat: DeviceNameFormat;
  /** Address of this machine that a real board reaches (the cloud listens on all interfaces then). */
  cloudHost?: string;
  scenarios?: Scenario[];
  timeouts?: Partial<BitlTimeouts>;
  /** One line per phase as it finishes. */
  log?: (line: string) => void;
}

export interface PhaseMemory {
  /** The last "aliot: memory …" line of the phase. */
  firmware?: { phase: string; used: number; free: number; unit: string };
  /** Virtual board: the engine's bytes in use at the end and the peak since the last boot. */
  engine?: { usedBytes: number; peakBytes: number };
}

export interface PhaseResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  message?: string;
  notes: string[];
  memory: PhaseMemory;
  /** Console lines printed during the phase, masked. */
  console: string[];
}

export interface ScenarioResult {
  id: string;
  name: string;
  startedAt: Date;
  durationMs: number;
  phases: PhaseResult[];
}

export interface BitlReport {
  target: string;
  scenarios: ScenarioResult[];
  passed: boolean;
}

const VIRTUAL_TIMEOUTS: BitlTimeouts = { bootMs: 10000, linkMs: 15000, uploadMs: 30000 };
const SERIAL_TIMEOUTS: BitlTimeouts = { bootMs: 20000, linkMs: 60000, uploadMs: 120000 };
const ENGINE_TIMEOUTS: BitlTimeouts = { bootMs: 10000, linkMs: 30000, uploadMs: 60000 };

async function openTarget(target: BitlTarget, cloud: RunningCloud): Promise<{ port: BoardPort; cleanup: () => void }> {
  if (target.kind === 'serial') return { port: await openSerialBoardPort(target.path, target.baudRate), cleanup: () => undefined };
  const dir = target.storageDir ?? mkdtempSync(join(tmpdir(), 'aliot-bitl-board-'));
  const cleanup = () => (target.storageDir ? undefined : rmSync(dir, { recursive: true, force: true }));
  if (target.kind === 'engine') return { port: await openEngineBoardPort(target.engine, 'bitl', { storageDir: dir }), cleanup };
  const port = await openVirtualBoardPort('bitl', { ...target.options, storageDir: dir, hostMap: () => cloud.hostMap });
  return { port, cleanup };
}

/** Where the host can cut a board's power: the real engine (SIGKILL) and the virtual ESP32. */
function powerSwitch(port: BoardPort): Pick<BitlContext, 'powerCut' | 'powerOn'> {
  const engine = port.engine;
  if (engine) return { powerCut: () => engine.powerCut(), powerOn: () => engine.boot() };
  const board = port.virtual;
  if (board) return { powerCut: async () => board.powerOff(), powerOn: () => board.boot() };
  return {};
}

function memoryOf(lines: string[], port: BoardPort): PhaseMemory {
  const memory: PhaseMemory = {};
  for (const line of lines) {
    const m = parseMilestone(line);
    if (m?.kind === 'memory') memory.firmware = { phase: m.phase, used: m.used, free: m.free, unit: m.unit };
  }
  const engine = port.virtual?.memory();
  if (engine) memory.engine = { usedBytes: engine.usedBytes, peakBytes: engine.peakBytes };
  return memory;
}

export async function runBitl(options: BitlOptions): Promise<BitlReport> {
  const log = options.log ?? (() => undefined);
  const isSerial = options.target.kind === 'serial';
  if (isSerial && !options.cloudHost) {
    throw new Error('a real board cannot use this machine\'s loopback: give --cloud-host <this machine\'s LAN address> (the board must be on that network)');
  }
  // A board without a host map reaches the cloud by address: a real one at --cloud-host, the engine on loopback.
  const boardAddress = options.cloudHost ?? (options.target.kind === 'engine' ? '127.0.0.1' : undefined);
  const timeouts = { ...(isSerial ? SERIAL_TIMEOUTS : options.target.kind === 'engine' ? ENGINE_TIMEOUTS : VIRTUAL_TIMEOUTS), ...options.timeouts };
  const dataDir = mkdtempSync(join(tmpdir(), 'aliot-bitl-cloud-'));
  const cloud = await startCloud({
    dataDir,
    host: options.cloudHost ? '0.0.0.0' : '127.0.0.1',
    httpsPort: 0,
    mqttTlsPort: 0,
    mqttTcpPort: 0,
    adminPort: 0,
    ...(boardAddress ? { mqttRedirect: { host: boardAddress } } : {}),
  });
  const ops = new ConsoleOperations(cloud.registry, cloud.events);
  const product = ops.addProduct({ dynamicRegistration: true });
  let target: { port: BoardPort; cleanup: () => void } | undefined;
  const report: BitlReport = { target: '', scenarios: [], passed: true };
  try {
    target = await openTarget(options.target, cloud);
    const port = target.port;
    report.target = port.label;
    const consoleLog = new ConsoleLog();
    port.duplex.on('data', (chunk: Buffer) => consoleLog.push(Buffer.from(chunk).toString('latin1')));
    const repl = new ReplClient(port.duplex, { label: port.label, timeoutMs: isSerial ? 10000 : 5000 });
    const settings = boardAddress
      ? { authHost: boardAddress, authPort: cloud.httpsPort, mqttHost: boardAddress, mqttPort: cloud.mqttTlsPort }
      : undefined;
    for (const scenario of options.scenarios ?? SCENARIOS) {
      const result: ScenarioResult = { id: scenario.id, name: scenario.name, startedAt: new Date(), durationMs: 0, phases: [] };
      const began = Date.now();
      let failed = false;
      const ctx: BitlContext = {
        port,
        repl,
        console: consoleLog,
        cloud,
        ops,
        adminUrl: `http://127.0.0.1:${cloud.adminPort}`,
        product: { productKey: product.productKey, productSecret: product.productSecret },
        image: options.image,
        deviceNameFormat: options.deviceNameFormat,
        ...(settings ? { settings } : {}),
        timeouts,
        ...powerSwitch(port),
        note: () => undefined,
      };
      for (const phase of scenario.phases) {
        if (failed) {
          result.phases.push({ name: phase.name, status: 'skipped', durationMs: 0, message: 'an earlier phase failed', notes: [], memory: {}, console: [] });
          continue;
        }
        const notes: string[] = [];
        ctx.note = (text) => notes.push(maskConsoleLine(text));
        const since = consoleLog.mark();
        const started = Date.now();
        let status: PhaseResult['status'] = 'passed';
        let message: string | undefined;
        try {
          await phase.run(ctx);
        } catch (error) {
          status = 'failed';
          message = maskConsoleLine(error instanceof Error ? error.message : String(error));
          failed = true;
          report.passed = false;
        }
        const lines = consoleLog.from(since).map((l) => l.text);
        const phaseResult: PhaseResult = {
          name: phase.name,
          status,
          durationMs: Date.now() - started,
          ...(message !== undefined ? { message } : {}),
          notes,
          memory: memoryOf(lines, port),
          console: lines.map((l) => maskConsoleLine(l)),
        };
        result.phases.push(phaseResult);
        log(formatPhase(phaseResult));
      }
      result.durationMs = Date.now() - began;
      report.scenarios.push(result);
    }
    repl.detach();
    return report;
  } finally {
    await target?.port.close();
    target?.cleanup();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function formatMemory(memory: PhaseMemory): string {
  const parts: string[] = [];
  if (memory.firmware) parts.push(`firmware ${memory.firmware.phase}: used ${memory.firmware.used} ${memory.firmware.unit}`);
  if (memory.engine) parts.push(`engine peak ${memory.engine.peakBytes} bytes`);
  return parts.join(', ');
}

export function formatPhase(phase: PhaseResult): string {
  const mark = phase.status === 'passed' ? 'PASS' : phase.status === 'failed' ? 'FAIL' : 'SKIP';
  const memory = formatMemory(phase.memory);
  const head = `${mark} ${phase.name} (${(phase.durationMs / 1000).toFixed(2)} s${memory ? `; ${memory}` : ''})`;
  const extra = [...phase.notes, ...(phase.message ? [phase.message] : [])].map((n) => `     ${n.replace(/\n/g, '\n     ')}`);
  return [head, ...extra].join('\n');
}

/** The report as JUnit suites (one per scenario). */
export function toJUnit(report: BitlReport): JUnitSuite[] {
  return report.scenarios.map((s) => ({
    name: `${s.name} [${report.target}]`,
    timestamp: s.startedAt,
    timeSeconds: s.durationMs / 1000,
    properties: { target: report.target },
    cases: s.phases.map((p) => ({
      name: p.name,
      classname: `bitl.${s.id}`,
      timeSeconds: p.durationMs / 1000,
      status: p.status,
      ...(p.message !== undefined ? { message: p.message.split('\n')[0]!, details: p.message } : {}),
      output: [...p.notes, ...(formatMemory(p.memory) ? [`memory: ${formatMemory(p.memory)}`] : []), '--- console ---', ...p.console].join('\n'),
    })),
  }));
}
