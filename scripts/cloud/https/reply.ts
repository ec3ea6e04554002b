// Answers of the HTTPS endpoint. Protocol results go out as HTTP 200 with a JSON `code` (protocol.md §1:
// "Trust the JSON code"); transport refusals (404, 405, 413) use the HTTP status itself.

import type { ServerResponse } from 'node:http';
import { HTTPS_MESSAGES } from '../codes';

export interface ProtocolReply {
  code: number;
  message: string;
  data?: unknown;
  /** For the event log only: what exactly was wrong (never contains a secret). */
  detail?: string;
}

export function protocolError(code: number, detail?: string): ProtocolReply {
  return { code, message: HTTPS_MESSAGES[code] ?? 'unknown error', detail };
}

export function protocolSuccess(data: unknown): ProtocolReply {
  return { code: 200, data, message: 'success' };
}

/** The JSON body, fields in the order the real server sends them: code, data, message. */
export function replyBody(reply: ProtocolReply): string {
  const body: Record<string, unknown> = { code: reply.code };
  if (reply.data !== undefined) body.data = reply.data;
  body.message = reply.message;
  return JSON.stringify(body);
}

export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** A transport refusal: the HTTP status with a small JSON body; the connection is closed after it. */
export function sendHttpError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, JSON.stringify({ code: status, message }), { Connection: 'close', ...headers });
}
