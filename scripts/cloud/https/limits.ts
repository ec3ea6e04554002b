// What the HTTPS endpoint puts up with: body size and how long a client may take.

import type { IncomingMessage } from 'node:http';

/** Largest request body taken. SDK bodies are ~150 bytes (the 3.x response buffer is 256); 4 KiB is generous. */
export const MAX_BODY_BYTES = 4096;
/** Largest header block (Node answers 431 above it). */
export const MAX_HEADER_BYTES = 8192;
/** Default time a client has for the TLS handshake, then for its headers and body (the SDKs give up after 5-10 s). */
export const DEFAULT_CLIENT_TIMEOUT_MS = 10_000;

export type BodyResult = { ok: true; body: string } | { ok: false; status: 413 } | { ok: false; status: 400 };

/** Reads the body up to `limit` bytes; 413 as soon as Content-Length or the bytes seen go over it. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      resolve({ ok: false, status: 413 });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish({ ok: false, status: 413 });
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks).toString('latin1') }));
    req.on('error', () => finish({ ok: false, status: 400 }));
    req.on('close', () => finish({ ok: false, status: 400 }));
  });
}
