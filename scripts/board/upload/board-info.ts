// What the upload and provisioning tools ask a board before they write to it: Espruino's version (packets need
// 2v25+), its modules (a native hash for verification), free Storage, and whether a .bootrst would run instead
// of .bootcde (spec/espruino.md §1a boot order).
import type { ReplClient } from '../../serial/repl-client';

export interface BoardInfo {
  /** process.env.VERSION, e.g. "2v29" or "2v29.277". */
  version?: string;
  /** process.env.BOARD, e.g. "ESP32". */
  board?: string;
  modules?: string;
  /** require("crypto").SHA256 exists. */
  sha256: boolean;
  /** E.CRC32 exists. */
  crc32: boolean;
  /** Storage.getFree() in bytes. */
  storageFree: number;
  /** A .bootrst file exists (it runs instead of .bootcde). */
  bootrst: boolean;
}

const INFO_EXPRESSION =
  '(function(){var S=require("Storage"),e=process.env||{},r={v:e.VERSION,b:e.BOARD,m:e.MODULES,f:S.getFree(),' +
  'c:typeof E.CRC32=="function",x:S.read(".bootrst")!==undefined};' +
  'try{r.s=typeof require("crypto").SHA256=="function"}catch(err){r.s=false}return r})()';

export async function readBoardInfo(repl: ReplClient): Promise<BoardInfo> {
  const r = await repl.call<{ v?: string; b?: string; m?: string; f?: number; s?: boolean; c?: boolean; x?: boolean }>(INFO_EXPRESSION);
  return {
    ...(typeof r.v === 'string' ? { version: r.v } : {}),
    ...(typeof r.b === 'string' ? { board: r.b } : {}),
    ...(typeof r.m === 'string' ? { modules: r.m } : {}),
    sha256: r.s === true,
    crc32: r.c === true,
    storageFree: typeof r.f === 'number' ? r.f : 0,
    bootrst: r.x === true,
  };
}

/** [major, minor] of "2v29", "2v29.277", "Espruino 2v25 ESP32"; undefined when there is none. */
export function parseVersion(text: string | undefined): [number, number] | undefined {
  const match = /(\d+)v(\d+)/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * Whether this Espruino takes files by the packet protocol (added in 2v25, spec/espruino.md §2). Not the Linux
 * builds (process.env.BOARD "LINUX…"): measured on 2v29, a stream of 1 KB packets stops the process with
 * "ASSERT(len <= 64) FAILED AT src/jsdevices.c" after a dozen ACKs in one upload out of three.
 */
export function hasPacketProtocol(version: string | undefined, board?: string): boolean {
  if (board !== undefined && /^LINUX/.test(board)) return false;
  const v = parseVersion(version);
  return v !== undefined && (v[0] > 2 || (v[0] === 2 && v[1] >= 25));
}
