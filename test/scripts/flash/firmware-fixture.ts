// Synthetic Espruino ESP32 release files for the flasher tests: a bootloader and an app that start with the ESP
// image magic (0xE9), a partition table of 0xAA 0x50 entries, and a small ustar writer to pack them like
// espruino_2vXX_esp32.tgz (a top folder holding the three .bin files).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Deterministic pseudo-random bytes (xorshift), so images do not compress to nothing. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (i % 7 === 0 ? 0 : x) & 0xff; // some structure, like code
  }
  return out;
}

function image(length: number, seed: number): Uint8Array {
  const bytes = noise(length, seed);
  bytes[0] = 0xe9;
  bytes[1] = 3; // segments
  bytes[2] = 2; // dio
  bytes[3] = 0x20; // 4 MB, 40 MHz
  return bytes;
}

function partitionTable(): Uint8Array {
  const table = new Uint8Array(0xc00).fill(0xff);
  const entries = [
    ['nvs', 1, 2, 0x9000, 0x3000],
    ['otadata', 1, 0, 0xc000, 0x2000],
    ['factory', 0, 0, 0x10000, 0x180000],
    ['storage', 1, 0x82, 0x320000, 0xe0000],
  ] as const;
  entries.forEach(([name, type, subtype, offset, size], i) => {
    const at = i * 32;
    table.set([0xaa, 0x50, type, subtype], at);
    new DataView(table.buffer).setUint32(at + 4, offset, true);
    new DataView(table.buffer).setUint32(at + 8, size, true);
    table.set(Buffer.from(name, 'latin1'), at + 12);
  });
  return table;
}

export interface ReleaseFiles {
  'bootloader.bin': Uint8Array;
  'partitions_espruino.bin': Uint8Array;
  'espruino_esp32.bin': Uint8Array;
}

export function releaseFiles(appBytes = 48 * 1024): ReleaseFiles {
  return {
    'bootloader.bin': image(6 * 1024 + 123, 11),
    'partitions_espruino.bin': partitionTable(),
    'espruino_esp32.bin': image(appBytes, 29),
  };
}

function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(`${Math.floor(Date.UTC(2025, 0, 1) / 1000).toString(8).padStart(11, '0')}\0`, 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** A ustar archive of (name, bytes) entries; directories end with '/'. */
export function tar(entries: [string, Uint8Array | null][]): Uint8Array {
  const parts: Buffer[] = [];
  for (const [name, data] of entries) {
    if (data === null) {
      parts.push(header(name, 0, '5'));
      continue;
    }
    parts.push(header(name, data.length, '0'), Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return new Uint8Array(Buffer.concat(parts));
}

/** espruino_2v29_esp32.tgz with the files in a top folder, as Espruino's releases are packed. */
export function releaseArchive(files: ReleaseFiles = releaseFiles()): Uint8Array {
  const top = 'espruino_2v29_esp32/';
  return new Uint8Array(
    gzipSync(tar([[top, null], ...Object.entries(files).map(([n, d]) => [top + n, d] as [string, Uint8Array]), [top + 'README_flash.txt', Buffer.from('flash me\n')]])),
  );
}

/** Writes the archive and an unpacked folder under dir; returns their paths. */
export function writeRelease(dir: string, files: ReleaseFiles = releaseFiles()): { archive: string; folder: string } {
  const archive = join(dir, 'espruino_2v29_esp32.tgz');
  writeFileSync(archive, releaseArchive(files));
  const folder = join(dir, 'espruino_2v29_esp32');
  mkdirSync(folder, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(folder, name), data);
  return { archive, folder };
}

/** The archive with the type flag of the entry whose header starts at `offset` changed (checksum recomputed). */
export function retype(archive: Uint8Array, offset: number, type: string): Uint8Array {
  const copy = Buffer.from(archive);
  copy[offset + 156] = type.charCodeAt(0);
  copy.fill(0x20, offset + 148, offset + 156);
  let sum = 0;
  for (let i = offset; i < offset + 512; i++) sum += copy[i]!;
  copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148, 'latin1');
  return new Uint8Array(copy);
}

/** One pax extended-header record: "<length> <key>=<value>\n", the length counting itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length++;
  return `${length}${body}`;
}
