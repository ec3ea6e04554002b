// `aliot bitl`: the scenarios against a real board (--port), the real Espruino engine (--engine) or a virtual ESP32
// (--virtual), a summary per phase, and JUnit XML for CI (--junit FILE). On the engine every way in is tried.
import { resolveEngine } from '../engine/locate';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { findBoard } from '../../../boards/index';
import { imagePath, readImage } from '../upload/run';
import { junitXml } from './junit';
import { scenariosFor } from './scenarios';
import { runBitl, toJUnit, type BitlReport, type BitlTarget } from './runner';

export interface BitlCommandOptions {
  port?: string;
  virtual?: boolean | string;
  engine?: boolean | string;
  baudRate?: number;
  cloudHost?: string;
  board?: string;
  image?: string;
  junit?: string;
  /** Per-wait timeout for the link (boot line to online), ms. */
  linkTimeoutMs?: number;
}

export async function runBitlCommand(options: BitlCommandOptions, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<BitlReport> {
  const boardName = options.board ?? (options.engine ? 'espruino-linux-full' : 'esp32');
  const board = findBoard(boardName);
  if (!board) throw new Error(`unknown board "${boardName}"`);
  if ([options.port, options.virtual, options.engine].filter(Boolean).length > 1) throw new Error('give one of --port, --virtual or --engine');
  const target: BitlTarget = options.port
    ? { kind: 'serial', path: options.port, ...(options.baudRate ? { baudRate: options.baudRate } : {}) }
    : options.engine
      ? { kind: 'engine', engine: resolveEngine(options.engine) }
      : { kind: 'virtual' };
  const image = readImage(imagePath(boardName, options.image));
  const what = target.kind === 'serial' ? options.port : target.kind === 'engine' ? `the Espruino engine ${target.engine}` : 'a virtual ESP32';
  out(`board-in-the-loop: ${what}, image ${boardName} (${image.length} bytes), local cloud in this process\n`);
  const report = await runBitl({
    target,
    image,
    deviceNameFormat: board.identity.deviceNameFormat,
    ...(target.kind === 'engine' ? { scenarios: scenariosFor(board.image?.features) } : {}),
    ...(options.cloudHost ? { cloudHost: options.cloudHost } : {}),
    ...(options.linkTimeoutMs ? { timeouts: { linkMs: options.linkTimeoutMs } } : {}),
    log: (line) => out(`  ${line.replace(/\n/g, '\n  ')}\n`),
  });
  const phases = report.scenarios.flatMap((s) => s.phases);
  const passed = phases.filter((p) => p.status === 'passed').length;
  out(`${report.passed ? 'PASSED' : 'FAILED'}: ${passed}/${phases.length} phases on ${report.target}\n`);
  if (options.junit) {
    mkdirSync(dirname(options.junit), { recursive: true });
    writeFileSync(options.junit, junitXml(toJUnit(report)));
    out(`JUnit XML: ${options.junit}\n`);
  }
  return report;
}
