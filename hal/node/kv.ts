import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import type { HalError, Kv, LogSink } from '../types';
import { errorCode, mapFsError } from './fs-errors';
import { decodeKeyName, encodeKeyName, TEMP_PREFIX } from './key-names';
import { checkKey, checkValue, storeFull, type KvLimits } from './kv-rules';
import { describeValue } from './secrets';

/** The file-system calls FileKv makes; tests substitute failing ones. */
export type KvFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'readFileSync'
  | 'readdirSync'
  | 'statSync'
  | 'mkdirSync'
>;

export interface FileKvOptions extends Partial<KvLimits> {
  /** The directory holding one file per key; created (mode 0700) when missing. */
  dir: string;
  /** Room in the store, counted as the sum of key and value lengths (like hal/mock). Default unlimited. */
  capacity?: number;
  /** Debug lines about KV operations go here (secret values masked). */
  log?: LogSink;
  fs?: KvFs;
}

const FILE_MODE = 0o600;
let tempCounter = 0;

/**
 * KV in a directory, one file per key, values stored as latin1 (8-bit strings, byte for byte).
 * A set is an atomic replace: the value goes to a temporary file that is written, fsync'd and renamed
 * over the old file, then the directory is fsync'd; a crash at any point leaves the old value or the new
 * one, never a mixture. Stray temporary files from a crash are removed when the store opens and ignored
 * before that. Files are created readable and writable by the owner only (0600).
 */
export class FileKv implements Kv {
  readonly dir: string;
  private readonly fs: KvFs;
  private readonly limits: KvLimits;
  private readonly capacity: number;
  private readonly log: LogSink | undefined;

  constructor(options: FileKvOptions) {
    this.dir = options.dir;
    this.fs = options.fs ?? nodeFs;
    this.limits = { maxKeyLength: options.maxKeyLength ?? 28, maxValueLength: options.maxValueLength ?? 4096 };
    this.capacity = options.capacity ?? Infinity;
    this.log = options.log;
    this.fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.removeStrayTemps();
  }

  get(key: string): string | undefined {
    if (checkKey(key, this.limits)) return undefined;
    try {
      const value = this.fs.readFileSync(this.pathOf(key), 'latin1');
      this.debug(`get ${key}: ${value.length} chars`);
      return value;
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT') this.log?.write('warn', 'kv', `get ${key}: unreadable (${code ?? 'error'}); treated as absent`);
      else this.debug(`get ${key}: absent`);
      return undefined;
    }
  }

  set(key: string, value: string): HalError | null {
    const refused = checkKey(key, this.limits) ?? checkValue(value, this.limits);
    if (refused) return this.report(`set ${key}`, refused);
    if (this.capacity !== Infinity) {
      const used = this.usage();
      const old = this.get(key);
      const after = used - (old === undefined ? 0 : key.length + old.length) + key.length + value.length;
      if (after > this.capacity) return this.report(`set ${key}`, storeFull(key.length + value.length, this.capacity - used));
    }
    const finalPath = this.pathOf(key);
    const tempPath = join(this.dir, `${TEMP_PREFIX}${encodeKeyName(key)}-${process.pid}-${++tempCounter}`);
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(tempPath, 'wx', FILE_MODE);
      const bytes = Buffer.from(value, 'latin1');
      for (let at = 0; at < bytes.length; ) at += this.fs.writeSync(fd, bytes, at, bytes.length - at);
      this.fs.fsyncSync(fd);
      this.fs.closeSync(fd);
      fd = undefined;
      this.fs.renameSync(tempPath, finalPath);
    } catch (error) {
      if (fd !== undefined) this.quietly(() => this.fs.closeSync(fd as number));
      this.quietly(() => this.fs.unlinkSync(tempPath));
      return this.report(`set ${key}`, mapFsError(error, `set ${key}`));
    }
    this.syncDir();
    this.debug(`set ${key} = ${describeValue(key, value)}`);
    return null;
  }

  remove(key: string): HalError | null {
    const refused = checkKey(key, this.limits);
    if (refused) return refused.code === 'KEY_TOO_LONG' ? null : this.report(`remove ${key}`, refused);
    try {
      this.fs.unlinkSync(this.pathOf(key));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') return this.report(`remove ${key}`, mapFsError(error, `remove ${key}`));
    }
    this.syncDir();
    this.debug(`remove ${key}`);
    return null;
  }

  /** Characters in use (keys plus values), as the capacity counts them. */
  usage(): number {
    let used = 0;
    for (const name of this.fs.readdirSync(this.dir)) {
      const key = decodeKeyName(name);
      if (key === undefined) continue;
      try {
        used += key.length + this.fs.statSync(join(this.dir, name)).size;
      } catch {
        // vanished meanwhile
      }
    }
    return used;
  }

  /** The file that holds this key's value. */
  pathOf(key: string): string {
    return join(this.dir, encodeKeyName(key));
  }

  private removeStrayTemps(): void {
    for (const name of this.fs.readdirSync(this.dir)) {
      if (name.startsWith(TEMP_PREFIX)) this.quietly(() => this.fs.unlinkSync(join(this.dir, name)));
    }
  }

  /** Makes the rename durable. Some platforms cannot fsync a directory; the rename is still atomic there. */
  private syncDir(): void {
    this.quietly(() => {
      const fd = this.fs.openSync(this.dir, 'r');
      try {
        this.fs.fsyncSync(fd);
      } finally {
        this.fs.closeSync(fd);
      }
    });
  }

  private report(what: string, error: HalError): HalError {
    this.log?.write('warn', 'kv', `${what} failed: ${error.code}: ${error.message}`);
    return error;
  }

  private debug(message: string): void {
    this.log?.write('debug', 'kv', message);
  }

  private quietly(fn: () => void): void {
    try {
      fn();
    } catch {
      // best effort
    }
  }
}
