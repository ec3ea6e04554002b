// Verifying a Storage file without reading it back over the wire: the board hashes the file and prints only the
// hash, the host hashes what it sent, and the two are compared. The board uses the fastest hash it has:
// require("crypto").SHA256 (ESP32 builds have it, §1d), else E.CRC32, else a CRC-32 written in JavaScript
// (slow on a real board: minutes for 100 KB, so it is the last resort).
import { createHash } from 'node:crypto';
import { crc32Bytes } from '../../../src/util/crc32';
import type { ReplClient } from '../../serial/repl-client';
import type { BoardInfo } from './board-info';

export type DigestAlgorithm = 'sha256' | 'crc32' | 'crc32-js';

export interface FileDigest {
  length: number;
  hash: string;
}

export function chooseDigest(info: Pick<BoardInfo, 'sha256' | 'crc32'>): DigestAlgorithm {
  return info.sha256 ? 'sha256' : info.crc32 ? 'crc32' : 'crc32-js';
}

/** The same digest of the bytes the host sent (a latin1 string: one char per byte). */
export function hostDigest(data: string, algorithm: DigestAlgorithm): FileDigest {
  const bytes = Buffer.from(data, 'latin1');
  const hash = algorithm === 'sha256' ? createHash('sha256').update(bytes).digest('hex') : crc32Bytes(bytes).toString(16);
  return { length: bytes.length, hash };
}

const BODIES: Record<DigestAlgorithm, string> = {
  sha256:
    'var h=new Uint8Array(require("crypto").SHA256(d)),x="",i;for(i=0;i<h.length;i++)x+=(h[i]<16?"0":"")+h[i].toString(16);',
  crc32: 'var x=(E.CRC32(d)>>>0).toString(16);',
  'crc32-js':
    'var t=[],c,k,j,r=-1;for(k=0;k<256;k++){c=k;for(j=0;j<8;j++)c=c&1?0xEDB88320^(c>>>1):c>>>1;t[k]=c}' +
    'for(k=0;k<d.length;k++)r=t[(r^d.charCodeAt(k))&255]^(r>>>8);var x=((r^-1)>>>0).toString(16);',
};

/** The board-side expression: null when the file does not exist, else {n: length, h: hash}. */
export function digestExpression(name: string, algorithm: DigestAlgorithm): string {
  return `(function(n){var d=require("Storage").read(n);if(d===undefined)return null;${BODIES[algorithm]}return {n:d.length,h:x}})(${JSON.stringify(name)})`;
}

/** The digest of a Storage file on the board, or undefined when it does not exist. */
export async function boardDigest(repl: ReplClient, name: string, algorithm: DigestAlgorithm, timeoutMs?: number): Promise<FileDigest | undefined> {
  const r = await repl.call<{ n: number; h: string } | null>(digestExpression(name, algorithm), timeoutMs === undefined ? {} : { timeoutMs });
  return r === null ? undefined : { length: r.n, hash: r.h };
}

export function sameDigest(a: FileDigest | undefined, b: FileDigest | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.hash === b.hash;
}
