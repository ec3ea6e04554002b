// The three binaries of an Espruino ESP32 release, from its archive (espruino_2vXX_esp32.tgz, a .tar, or the
// folder it unpacks to): bootloader.bin, partitions_espruino.bin and espruino_esp32.bin (spec/espruino.md §2;
// the IDF4 builds name them bootloader.bin, partition-table.bin, espruino-esp32c3.bin). Each is checked for the
// magic byte its kind starts with, so a wrong file is refused before anything is written.
// The tar format (ustar, GNU and pax long names, base-256 sizes, header checksums) is read by tar-stream; this
// file only decides what to refuse: input that is no tar, an archive cut short, a damaged header, and an entry
// whose path is absolute or climbs out with '..'.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { hex, type FirmwarePart, type FlashLayout } from './layout';

export interface FirmwareFile {
  part: FirmwarePart;
  /** File name as found (basename). */
  name: string;
  address: number;
  data: Uint8Array;
}

export class FirmwareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FirmwareError';
  }
}

/** Why an archive was refused: not a tar (nor a gzip of one), cut short, a damaged header, or an unsafe path. */
export type ArchiveFault = 'not-an-archive' | 'truncated' | 'damaged' | 'unsafe-path';

/** The release archive itself is unusable; nothing has been written when this is thrown. */
export class ArchiveError extends FirmwareError {
  constructor(
    readonly fault: ArchiveFault,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface TarEntry {
  /** Path inside the archive, '/'-separated, without a leading './'. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  data: Uint8Array;
}

/** ESP app and bootloader images start with 0xE9 (esptool's ESP_IMAGE_MAGIC). */
const IMAGE_MAGIC = 0xe9;
/** Every partition table entry starts with 0xAA 0x50. */
const PARTITION_MAGIC = [0xaa, 0x50];

const PATTERNS: Record<FirmwarePart, RegExp[]> = {
  bootloader: [/^bootloader\.bin$/i],
  partitions: [/^partitions_espruino\.bin$/i, /^partition-table\.bin$/i, /^partitions?\.bin$/i],
  app: [/^espruino_esp32\.bin$/i, /^espruino[-_]esp32[a-z0-9]*\.bin$/i, /^espruino.*\.bin$/i],
};

function pick(files: Map<string, Uint8Array>, part: FirmwarePart): [string, Uint8Array] | undefined {
  for (const pattern of PATTERNS[part]) {
    for (const [name, data] of files) if (pattern.test(name)) return [name, data];
  }
  return undefined;
}

function filesOfDirectory(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const visit = (at: string, depth: number) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory() && depth < 2) visit(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.bin')) files.set(entry.name, new Uint8Array(readFileSync(full)));
    }
  };
  visit(dir, 0);
  return files;
}

/** An absolute path ('/x', 'C:\\x', '\\\\host\\x') or one with a '..' segment would point outside the archive. */
function unsafePath(name: string): boolean {
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return true;
  return name.split(/[/\\]/).includes('..');
}

function entryType(type: string): TarEntry['type'] {
  return type === 'file' || type === 'contiguous-file' ? 'file' : type === 'directory' || type === 'symlink' || type === 'link' ? type : 'other';
}

/**
 * Every entry of a tar archive held in memory, in archive order. Refuses (ArchiveError) input that is not a tar,
 * an archive cut short inside an entry, a damaged header, and any entry whose path is absolute or holds '..'.
 */
export async function readTar(archive: Uint8Array, label = 'archive'): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  let headers = 0;
  const reader = extract();
  reader.end(Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength));
  try {
    for await (const entry of reader) {
      headers++;
      const name = entry.header.name.replace(/^(\.\/)+/, '');
      if (unsafePath(name)) {
        reader.destroy();
        throw new ArchiveError('unsafe-path', `${label}: entry "${entry.header.name}" points outside the archive (absolute path or '..'): refusing the archive`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ name, type: entryType(entry.header.type), data: new Uint8Array(Buffer.concat(chunks)) });
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const reason = (error as Error).message;
    // tar-stream says 'Unexpected end of data' when the input stops inside a header or an entry's data.
    if (headers === 0) {
      throw new ArchiveError('not-an-archive', `${label} is not a tar archive (nor a .tgz): its first block is no tar header (${reason})`);
    }
    if (/end of data/i.test(reason)) {
      throw new ArchiveError('truncated', `${label} is cut short after ${entries.length} entries: the archive is incomplete, download it again (${reason})`);
    }
    throw new ArchiveError('damaged', `${label} has a damaged tar header after ${entries.length} entries (${reason})`);
  }
  return entries;
}

function gunzip(path: string, bytes: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (error) {
    // zlib reports a stream that stops early as Z_BUF_ERROR ("unexpected end of file").
    if ((error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
      throw new ArchiveError('truncated', `${path} is cut short: the gzip stream ends early, download it again`);
    }
    throw new ArchiveError('damaged', `${path} is not a readable gzip archive: ${(error as Error).message}`);
  }
}

async function filesOfArchive(path: string): Promise<Map<string, Uint8Array>> {
  let bytes: Uint8Array = new Uint8Array(readFileSync(path));
  if (bytes.length === 0) throw new ArchiveError('not-an-archive', `${path} is empty: give Espruino's espruino_2vXX_esp32.tgz`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzip(path, bytes);
  const entries = await readTar(bytes, path);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) if (entry.type === 'file' && entry.name.endsWith('.bin')) files.set(basename(entry.name), entry.data);
  return files;
}

function check(part: FirmwarePart, name: string, data: Uint8Array): void {
  if (data.length === 0) throw new FirmwareError(`${name} is empty`);
  if (part === 'partitions') {
    if (data[0] !== PARTITION_MAGIC[0] || data[1] !== PARTITION_MAGIC[1]) {
      throw new FirmwareError(`${name} is not an ESP32 partition table (it does not start with 0xAA 0x50)`);
    }
  } else if (data[0] !== IMAGE_MAGIC) {
    throw new FirmwareError(`${name} is not an ESP32 image (it does not start with the image magic 0xE9)`);
  }
}

/** The bootloader, partition table and app of a release archive or folder, at the layout's addresses. */
export async function loadFirmware(path: string, layout: FlashLayout): Promise<FirmwareFile[]> {
  if (!existsSync(path)) throw new FirmwareError(`${path} does not exist: give Espruino's espruino_2vXX_esp32.tgz or the folder it unpacks to`);
  const files = statSync(path).isDirectory() ? filesOfDirectory(path) : await filesOfArchive(path);
  const parts: FirmwarePart[] = ['bootloader', 'partitions', 'app'];
  const result: FirmwareFile[] = [];
  const missing: string[] = [];
  for (const part of parts) {
    const found = pick(files, part);
    if (!found) {
      missing.push(part === 'bootloader' ? 'bootloader.bin' : part === 'partitions' ? 'partitions_espruino.bin' : 'espruino_esp32.bin');
      continue;
    }
    check(part, found[0], found[1]);
    result.push({ part, name: found[0], address: layout.offsets[part], data: found[1] });
  }
  if (missing.length > 0) {
    const seen = [...files.keys()];
    throw new FirmwareError(
      `${path} lacks ${missing.join(', ')} (found: ${seen.length ? seen.join(', ') : 'no .bin files'}): ` +
        'since 2v26 the partition table changed, so all three are flashed together',
    );
  }
  const app = result.find((f) => f.part === 'app')!;
  if (layout.maxAppBytes !== undefined && app.data.length > layout.maxAppBytes) {
    throw new FirmwareError(`${app.name} is ${app.data.length} bytes; the app partition at ${hex(app.address)} holds ${layout.maxAppBytes}`);
  }
  const sorted = [...result].sort((a, b) => a.address - b.address);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    if (prev.address + prev.data.length > sorted[i]!.address) {
      throw new FirmwareError(`${prev.name} (${prev.data.length} bytes at ${hex(prev.address)}) overlaps ${sorted[i]!.name} at ${hex(sorted[i]!.address)}`);
    }
  }
  return result;
}
