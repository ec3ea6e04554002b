// The registry's SQLite file: WAL mode (readers never block the writer, so `aliot cloud device list` works while
// the cloud runs), a busy timeout for writers from another process, and a numbered schema (PRAGMA user_version).

import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

export const REGISTRY_FILE = 'registry.sqlite3';

/** How long a writer waits for another process's write transaction before failing. */
const BUSY_TIMEOUT_MS = 5000;

const MIGRATIONS: string[] = [
  `CREATE TABLE products (
     product_key TEXT PRIMARY KEY,
     product_secret TEXT NOT NULL,
     dynamic_registration INTEGER NOT NULL,
     region TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE devices (
     product_key TEXT NOT NULL REFERENCES products(product_key),
     device_name TEXT NOT NULL,
     device_secret TEXT,
     state TEXT NOT NULL CHECK (state IN ('unactivated', 'active')),
     registration_locked INTEGER NOT NULL DEFAULT 0,
     online INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     registered_at INTEGER,
     activated_at INTEGER,
     last_online_at INTEGER,
     client_id TEXT,
     device_token TEXT,
     iot_id TEXT UNIQUE,
     iot_token TEXT,
     iot_token_expires_at INTEGER,
     PRIMARY KEY (product_key, device_name)
   );`,
];

/** Opens (creating when needed) the registry in dataDir and brings its schema up to date. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, REGISTRY_FILE);
  // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm files it creates the database file's mode,
  // so none of the three is ever readable by others (the file holds secrets in plain text).
  closeSync(openSync(file, 'a', 0o600));
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const apply = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    if (version < MIGRATIONS.length) db.pragma('user_version = ' + MIGRATIONS.length);
  });
  apply.immediate();
}
