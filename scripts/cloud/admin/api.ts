// The JSON admin API on loopback, for the CLI, tests and demos (the console of the local cloud). Every call needs
// `Authorization: Bearer <token>` (the data dir's admin-token) and a loopback Host; a request carrying a foreign
// Origin is refused, so a web page cannot drive the cloud even with the developer's browser on this machine.
// Secrets are masked unless the call asks with ?secrets=full.
//   GET  /health                               ports and counts
//   GET  /products                             products
//   POST /products                             {productKey?, productSecret?, dynamicRegistration?, region?} → product
//   GET  /products/:pk                         one product
//   POST /products/:pk/devices                 {deviceNames: [...]} → {added, existing}
//   GET  /devices[?productKey=pk]              devices
//   GET  /devices/:pk/:dn                      one device
//   POST /devices/:pk/:dn/reset                ResetThing
//   POST /devices/:pk/:dn/publish              {topic, payload: string | JSON, qos?: 0 | 1} → {online}
//   GET  /events                               Server-Sent Events
//   GET  /events/recent                        the last events, JSON
// Errors: {error: message} with 400 (bad input), 401 (no or wrong token), 403 (foreign Host or Origin), 404,
// 409 (exists), 405.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Region } from '../../../src/auth/index';
import type { CloudEvents } from '../events';
import { RegistryError, type Registry } from '../registry/index';
import { ConsoleOperations } from './operations';
import { bearerMatches } from './token';
import { streamEvents } from './sse';
import { deviceView, productView } from './views';

export interface AdminContext {
  registry: Registry;
  events: CloudEvents;
  now: () => number;
  publishToDevice(productKey: string, deviceName: string, topic: string, payload: string, qos: 0 | 1): Promise<{ online: boolean }>;
  health(): Record<string, unknown>;
  /** The token every call must carry. */
  token: string;
}

const MAX_ADMIN_BODY = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** full: the caller asked for secrets in full (?secrets=full). */
type Handler = (ctx: AdminContext, params: string[], body: unknown, url: URL, full: boolean) => unknown | Promise<unknown>;

interface Route {
  method: string;
  pattern: string[];
  handler: Handler;
}

function route(method: string, path: string, handler: Handler): Route {
  return { method, pattern: path.split('/').slice(1), handler };
}

function object(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  return body as Record<string, unknown>;
}

const ops = (ctx: AdminContext): ConsoleOperations => new ConsoleOperations(ctx.registry, ctx.events, ctx.now);

const ROUTES: Route[] = [
  route('GET', '/health', (ctx) => ctx.health()),
  route('GET', '/products', (ctx, _p, _b, _u, full) => ctx.registry.products.list().map((p) => productView(p, full))),
  route('POST', '/products', (ctx, _p, body, _u, full) => {
    const b = object(body ?? {});
    const product = ops(ctx).addProduct({
      productKey: b.productKey as string | undefined,
      productSecret: b.productSecret as string | undefined,
      dynamicRegistration: b.dynamicRegistration === true,
      region: b.region as Region | undefined,
    });
    return productView(product, full);
  }),
  route('GET', '/products/:pk', (ctx, [pk], _b, _u, full) => {
    const product = ctx.registry.products.get(pk);
    if (!product) throw new HttpError(404, `product ${pk} not found`);
    return productView(product, full);
  }),
  route('POST', '/products/:pk/devices', (ctx, [pk], body, _u, full) => {
    const names = object(body).deviceNames;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new HttpError(400, 'deviceNames must be a list of strings');
    const r = ops(ctx).addDevices(pk, names as string[]);
    return { added: r.added.map((d) => deviceView(d, full)), existing: r.existing.map((d) => deviceView(d, false)) };
  }),
  route('GET', '/devices', (ctx, _p, _b, url, full) =>
    ctx.registry.devices.list(url.searchParams.get('productKey') ?? undefined).map((d) => deviceView(d, full)),
  ),
  route('GET', '/devices/:pk/:dn', (ctx, [pk, dn], _b, _u, full) => {
    const device = ctx.registry.devices.get(pk, dn);
    if (!device) throw new HttpError(404, `device ${pk}/${dn} not found`);
    return deviceView(device, full);
  }),
  route('POST', '/devices/:pk/:dn/reset', (ctx, [pk, dn]) => deviceView(ops(ctx).resetDevice(pk, dn), false)),
  route('POST', '/devices/:pk/:dn/publish', async (ctx, [pk, dn], body) => {
    const b = object(body);
    if (typeof b.topic !== 'string') throw new HttpError(400, 'topic is required');
    const qos = b.qos === undefined ? 0 : b.qos;
    if (qos !== 0 && qos !== 1) throw new HttpError(400, 'qos must be 0 or 1');
    const payload = typeof b.payload === 'string' ? b.payload : JSON.stringify(b.payload ?? '');
    if (!ctx.registry.devices.get(pk, dn)) throw new HttpError(404, `device ${pk}/${dn} not found`);
    try {
      return await ctx.publishToDevice(pk, dn, b.topic, payload, qos);
    } catch (error) {
      throw new HttpError(400, (error as Error).message);
    }
  }),
  route('GET', '/events/recent', (ctx) => ctx.events.recent()),
];

function match(pattern: string[], segments: string[]): string[] | null {
  if (pattern.length !== segments.length) return null;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params.push(segments[i]);
    else if (pattern[i] !== segments[i]) return null;
  }
  return params;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_ADMIN_BODY) reject(new HttpError(413, 'body too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof RegistryError) return error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
  return 500;
}

/** Host names a loopback client uses for this server; anything else is a DNS-rebinding or proxied request. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Why a request is refused before routing (status and message), or null when it may go on. */
function refusal(ctx: AdminContext, req: IncomingMessage): [number, string] | null {
  const port = req.socket.localPort;
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOSTS.some((h) => host === `${h}:${port}`)) return [403, `Host ${JSON.stringify(host)} is not this loopback admin API`];
  const origin = req.headers.origin;
  // Only a page of this very origin could send a matching Origin, and the admin API serves no pages.
  if (origin !== undefined && !LOOPBACK_HOSTS.some((h) => origin === `http://${h}:${port}`)) return [403, `Origin ${JSON.stringify(origin)} may not call the admin API`];
  if (!bearerMatches(req.headers.authorization, ctx.token)) return [401, 'the admin API needs Authorization: Bearer <the token in the data dir\'s admin-token>'];
  return null;
}

async function handle(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = refusal(ctx, req);
  if (refused) {
    // The request body is not read: close the connection rather than drain what an intruder sends.
    res.setHeader('Connection', 'close');
    if (refused[0] === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    return send(res, refused[0], { error: refused[1] });
  }
  const url = new URL(req.url ?? '/', 'http://admin');
  const full = url.searchParams.get('secrets') === 'full';
  let segments: string[];
  try {
    segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return send(res, 400, { error: 'malformed path' });
  }
  if (req.method === 'GET' && url.pathname === '/events') return streamEvents(req, res, ctx.events);
  const candidates = ROUTES.map((r) => ({ r, params: match(r.pattern, segments) })).filter((c) => c.params !== null);
  if (candidates.length === 0) return send(res, 404, { error: 'not found' });
  const hit = candidates.find((c) => c.r.method === req.method);
  if (!hit) return send(res, 405, { error: 'method not allowed' });
  try {
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const value = await hit.r.handler(ctx, hit.params as string[], body, url, full);
    send(res, req.method === 'POST' && url.pathname === '/products' ? 201 : 200, value);
  } catch (error) {
    send(res, statusOf(error), { error: (error as Error).message });
  }
}

export function createAdminServer(ctx: AdminContext): Server {
  return createServer((req, res) => {
    handle(ctx, req, res).catch((error) => send(res, 500, { error: String(error) }));
  });
}
