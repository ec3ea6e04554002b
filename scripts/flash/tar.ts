// A small reader for tar archives (POSIX ustar, GNU and pax long names), enough for Espruino's release archives
// (espruino_2vXX_esp32.tgz). 512-byte headers; the name is 100 bytes, with the ustar prefix (155 bytes) in front
// of it; a GNU 'L' entry or a pax 'x' header's "path" carries longer names; sizes are octal, or base-256 when the
// first byte has its top bit set; two zero blocks end the archive.

export interface TarEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  /** '0' file, '5' directory, '2' symlink, … */
  type: string;
  data: Uint8Array;
}

const BLOCK = 512;

function text(bytes: Uint8Array, from: number, length: number): string {
  let end = from;
  while (end < from + length && bytes[end] !== 0) end++;
  return Buffer.from(bytes.subarray(from, end)).toString('utf8');
}

function size(bytes: Uint8Array, from: number): number {
  if (bytes[from]! & 0x80) {
    let value = bytes[from]! & 0x7f;
    for (let i = 1; i < 12; i++) value = value * 256 + bytes[from + i]!;
    return value;
  }
  const octal = text(bytes, from, 12).trim();
  return octal === '' ? 0 : parseInt(octal, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const stored = parseInt(text(header, 148, 8).trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === stored;
}

function paxPath(data: Uint8Array): string | undefined {
  // records: "<len> key=value\n"
  const records = Buffer.from(data).toString('utf8');
  let at = 0;
  let path: string | undefined;
  while (at < records.length) {
    const space = records.indexOf(' ', at);
    if (space < 0) break;
    const length = parseInt(records.slice(at, space), 10);
    if (!(length > 0)) break;
    const record = records.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}

/** Every entry of a tar archive. Throws on a damaged header. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error(`tar header at byte ${offset} is damaged (checksum mismatch): is this a tar archive?`);
    const type = String.fromCharCode(header[156] || 0x30);
    const length = size(header, 124);
    const start = offset + BLOCK;
    if (start + length > archive.length) throw new Error(`tar entry at byte ${offset} is cut short: the archive is incomplete`);
    const data = archive.subarray(start, start + length);
    offset = start + Math.ceil(length / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const magic = text(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    entries.push({ name: name.replace(/^\.\//, ''), type: type === '\0' ? '0' : type, data });
  }
  return entries;
}
