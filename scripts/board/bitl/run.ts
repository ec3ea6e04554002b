// `aliot bitl`: the scenarios against a real board (--port) or a virtual ESP32 (--virtual), a summary per phase,
// and JUnit XML for CI (--junit FILE).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { findBoard } from '../../../boards/index';
import { imagePath, readImage } from '../upload/run';
import { junitXml } from './junit';
import { runBitl, toJUnit, type BitlReport, type BitlTarget } from './runner';

export interface BitlCommandOptions {
  port?: string;
  virtual?: boolean | string;
  baudRate?: number;
  cloudHost?: string;
  board?: string;
  image?: string;
  junit?: string;
  /** Per-wait timeout for the link (boot line to online), ms. */
  linkTimeoutMs?: number;
}

export async function runBitlCommand(options: BitlCommandOptions, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<BitlReport> {
  const boardName = options.board ?? 'esp32';
  const board = findBoard(boardName);
  if (!board) throw new Error(`unknown board "${boardName}"`);
  if (options.port && options.virtual) throw new Error('give either --port or --virtual, not both');
  const target: BitlTarget = options.port ? { kind: 'serial', path: options.port, ...(options.baudRate ? { baudRate: options.baudRate } : {}) } : { kind: 'virtual' };
  const image = readImage(imagePath(boardName, options.image));
  out(`board-in-the-loop: ${target.kind === 'serial' ? options.port : 'a virtual ESP32'}, image ${boardName} (${image.length} bytes), local cloud in this process\n`);
  const report = await runBitl({
    target,
    image,
    deviceNameFormat: board.identity.deviceNameFormat,
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
