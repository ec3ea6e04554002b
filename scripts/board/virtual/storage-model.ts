// The ESP32's Storage as Espruino 2v29 keeps it (spec/espruino.md §1a; behaviour read in src/jsflash.c):
// a journal of files in a fixed-size area. Names are at most 28 bytes (longer ones silently truncated);
// files are contiguous, created at their full size with unwritten bytes reading as 0xFF, and written
// piecewise at offsets; replacing or erasing a file leaves its space as trash until compaction, which
// happens automatically when a new file does not fit. Host-side model; the VM reaches it through vm/storage.js.

/** Storage file names hold 28 characters (StorageFile names 27). */
export const STORAGE_NAME_MAX = 28;
/** The ESP32 Storage partition since 2v26: 0x320000, 896 KB (§1a). */
export const ESP32_STORAGE_BYTES = 896 * 1024;
/** Each file's header: size/flags word + 28-byte name. */
export const FILE_HEADER_BYTES = 32;
/** Flash write alignment on ESP32. */
export const FILE_ALIGNMENT = 4;

export interface StorageEntry {
  name: string;
  data: Uint8Array;
  /** Replaced or erased: still occupies space until compaction. */
  trash: boolean;
}

export interface StorageStats {
  totalBytes: number;
  freeBytes: number;
  fileBytes: number;
  fileCount: number;
  trashBytes: number;
  trashCount: number;
}

/** What write() did: true/false as Espruino returns them, or the message of the Error it throws. */
export type WriteOutcome = boolean | { error: string };

/** Where the model keeps its entries between runs; called after every change. */
export type StorageSaver = (entries: readonly StorageEntry[], capacity: number) => void;

export function truncateName(name: string): string {
  return name.length > STORAGE_NAME_MAX ? name.slice(0, STORAGE_NAME_MAX) : name;
}

function footprint(size: number): number {
  return FILE_HEADER_BYTES + Math.ceil(size / FILE_ALIGNMENT) * FILE_ALIGNMENT;
}

function isErased(data: Uint8Array, from: number, length: number): boolean {
  for (let i = from; i < from + length; i++) if (data[i] !== 0xff) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class StorageModel {
  private entries: StorageEntry[];

  constructor(
    readonly capacity: number,
    entries: StorageEntry[] = [],
    private readonly saver?: StorageSaver,
  ) {
    this.entries = entries.map((e) => ({ name: e.name, data: new Uint8Array(e.data), trash: e.trash }));
  }

  /**
   * Storage.write(name, data, offset, size) as jsfWriteFile does it. `size` 0 means data.length. Writing at
   * offset 0 (re)creates the file unless it already holds exactly these bytes.
   */
  write(name: string, data: Uint8Array, offset = 0, size = 0): WriteOutcome {
    if (offset < 0 || size < 0 || data.length === 0) return false;
    const fileName = truncateName(name);
    const fileSize = size === 0 ? data.length : size;
    let file = this.find(fileName);
    if (offset === 0 && (!file || file.data.length !== fileSize || !isErased(file.data, 0, fileSize))) {
      if (file && file.data.length === fileSize && data.length === fileSize && sameBytes(file.data, data)) return true;
      file = this.create(fileName, fileSize);
    }
    if (!file) return { error: 'Unable to find or create file' };
    if (offset + data.length > file.data.length) return { error: 'Too much data for file size' };
    if (!isErased(file.data, offset, data.length)) return { error: 'File already written with different data' };
    file.data.set(data, offset);
    this.save();
    return true;
  }

  /** The file's bytes from offset (length -1: to the end), or undefined when there is no such file. */
  read(name: string, offset = 0, length = -1): Uint8Array | undefined {
    const file = this.find(truncateName(name));
    if (!file) return undefined;
    const start = Math.min(Math.max(0, offset), file.data.length);
    const end = length < 0 ? file.data.length : Math.min(file.data.length, start + length);
    return file.data.slice(start, end);
  }

  erase(name: string): void {
    const file = this.find(truncateName(name));
    if (!file) return;
    file.trash = true;
    this.save();
  }

  eraseAll(): void {
    this.entries = [];
    this.save();
  }

  /** Live file names, in the order they were created. */
  list(): string[] {
    return this.entries.filter((e) => !e.trash).map((e) => e.name);
  }

  /** Bytes after the last file: trash counts as used until compaction. */
  getFree(): number {
    return Math.max(0, this.capacity - this.usedBytes());
  }

  getStats(): StorageStats {
    const live = this.entries.filter((e) => !e.trash);
    const trash = this.entries.filter((e) => e.trash);
    const sum = (list: StorageEntry[]) => list.reduce((n, e) => n + footprint(e.data.length), 0);
    return {
      totalBytes: this.capacity,
      freeBytes: this.getFree(),
      fileBytes: sum(live),
      fileCount: live.length,
      trashBytes: sum(trash),
      trashCount: trash.length,
    };
  }

  compact(): void {
    if (!this.entries.some((e) => e.trash)) return;
    this.entries = this.entries.filter((e) => !e.trash);
    this.save();
  }

  /** A host-side snapshot of the live files (for tests and tools). */
  files(): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = {};
    for (const e of this.entries) if (!e.trash) out[e.name] = new Uint8Array(e.data);
    return out;
  }

  /** All entries, trash included (for the backing file). */
  snapshot(): StorageEntry[] {
    return this.entries.map((e) => ({ name: e.name, data: new Uint8Array(e.data), trash: e.trash }));
  }

  private find(name: string): StorageEntry | undefined {
    return this.entries.find((e) => !e.trash && e.name === name);
  }

  private usedBytes(): number {
    return this.entries.reduce((n, e) => n + footprint(e.data.length), 0);
  }

  /**
   * jsfCreateFile: the old file of that name is erased first; when the new one does not fit, Storage
   * compacts once and tries again. Undefined when it still does not fit (the old file is gone then too).
   */
  private create(name: string, size: number): StorageEntry | undefined {
    const old = this.find(name);
    if (old) old.trash = true;
    const needed = footprint(size);
    if (this.getFree() < needed) {
      this.entries = this.entries.filter((e) => !e.trash);
      if (this.getFree() < needed) {
        this.save();
        return undefined;
      }
    }
    const entry: StorageEntry = { name, data: new Uint8Array(size).fill(0xff), trash: false };
    this.entries.push(entry);
    return entry;
  }

  private save(): void {
    this.saver?.(this.entries, this.capacity);
  }
}
