// The virtual ESP32's flash, kept in <storageDir>/storage.json so it survives reboots of the board and
// restarts of the process. Written whole (temp file + rename) after every change; trash entries are kept
// so that free space reads the same after a restart.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StorageModel, type StorageEntry } from './storage-model';

const FORMAT = 'aliot-virtual-esp32-storage';
const FILE_NAME = 'storage.json';

interface BackingFile {
  format: typeof FORMAT;
  version: 1;
  capacity: number;
  entries: { name: string; trash: boolean; base64: string }[];
}

export function storageFilePath(storageDir: string): string {
  return path.join(storageDir, FILE_NAME);
}

function readEntries(file: string): StorageEntry[] {
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BackingFile>;
  if (parsed.format !== FORMAT || !Array.isArray(parsed.entries)) {
    throw new Error(`${file} is not a virtual ESP32 storage file (format "${String(parsed.format)}")`);
  }
  return parsed.entries.map((e) => ({ name: e.name, trash: !!e.trash, data: new Uint8Array(Buffer.from(e.base64, 'base64')) }));
}

function writeEntries(file: string, entries: readonly StorageEntry[], capacity: number): void {
  const body: BackingFile = {
    format: FORMAT,
    version: 1,
    capacity,
    entries: entries.map((e) => ({ name: e.name, trash: e.trash, base64: Buffer.from(e.data).toString('base64') })),
  };
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(body));
  renameSync(temp, file);
}

/** The Storage of the board whose flash lives in storageDir (created if missing). */
export function openBackedStorage(storageDir: string, capacity: number): StorageModel {
  mkdirSync(storageDir, { recursive: true });
  const file = storageFilePath(storageDir);
  return new StorageModel(capacity, readEntries(file), (entries, cap) => writeEntries(file, entries, cap));
}
