// The three binaries of an Espruino ESP32 release, from its archive (espruino_2vXX_esp32.tgz, a .tar, or the
// folder it unpacks to): bootloader.bin, partitions_espruino.bin and espruino_esp32.bin (spec/espruino.md §2;
// the IDF4 builds name them bootloader.bin, partition-table.bin, espruino-esp32c3.bin). Each is checked for the
// magic byte its kind starts with, so a wrong file is refused before anything is written.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { hex, type FirmwarePart, type FlashLayout } from './layout';
import { readTar } from './tar';

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

function filesOfArchive(path: string): Map<string, Uint8Array> {
  let bytes: Uint8Array = new Uint8Array(readFileSync(path));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch (error) {
      throw new FirmwareError(`${path} is not a readable gzip archive: ${(error as Error).message}`);
    }
  }
  let entries;
  try {
    entries = readTar(bytes);
  } catch (error) {
    throw new FirmwareError(`${path}: ${(error as Error).message}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) if (entry.type === '0' && entry.name.endsWith('.bin')) files.set(basename(entry.name), entry.data);
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
export function loadFirmware(path: string, layout: FlashLayout): FirmwareFile[] {
  if (!existsSync(path)) throw new FirmwareError(`${path} does not exist: give Espruino's espruino_2vXX_esp32.tgz or the folder it unpacks to`);
  const files = statSync(path).isDirectory() ? filesOfDirectory(path) : filesOfArchive(path);
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
