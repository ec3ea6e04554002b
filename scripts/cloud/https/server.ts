// The HTTPS endpoint of iot-auth.<region>.aliyuncs.com: two POST paths over node:https, with the transport
// refusals a real server gives (404, 405, 413) and slow clients cut off (TLS handshake, headers and body each
// bounded by clientTimeoutMs; Node answers 408 and closes).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { HttpsCode } from '../codes';
import type { FormHandler, HttpsContext } from './context';
import { handleDevicename } from './devicename';
import { isFormContentType, parseForm } from './form';
import { DEFAULT_CLIENT_TIMEOUT_MS, MAX_BODY_BYTES, MAX_HEADER_BYTES, readBody } from './limits';
import { protocolError, replyBody, sendHttpError, sendJson, type ProtocolReply } from './reply';
import { handleRegister } from './register';

export const ROUTES: Record<string, FormHandler> = {
  '/auth/register/device': handleRegister,
  '/auth/devicename': handleDevicename,
};

export interface HttpsServerOptions {
  cert: string;
  key: string;
  context: HttpsContext;
  clientTimeoutMs?: number;
  maxBodyBytes?: number;
}

export function createHttpsServer(options: HttpsServerOptions): Server {
  const timeout = options.clientTimeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS;
  const server = createServer(
    {
      cert: options.cert,
      key: options.key,
      handshakeTimeout: timeout,
      headersTimeout: timeout,
      requestTimeout: timeout,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(timeout / 4))),
      keepAliveTimeout: 5000,
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    (req, res) => {
      handle(req, res, options.context, options.maxBodyBytes ?? MAX_BODY_BYTES).catch(() => {
        if (!res.headersSent) sendJson(res, 200, replyBody(protocolError(HttpsCode.UNKNOWN)));
        else res.destroy();
      });
    },
  );
  // Backstop for a socket that stays idle: Node's request timeout (408) normally fires first.
  server.setTimeout(2 * timeout, (socket) => socket.destroy());
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HttpsContext, maxBody: number): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://local').pathname;
  const route = ROUTES[path];
  if (!route) {
    req.resume();
    sendHttpError(res, 404, 'not found');
    return;
  }
  if (req.method !== 'POST') {
    req.resume();
    sendHttpError(res, 405, 'method not allowed', { Allow: 'POST' });
    return;
  }
  const body = await readBody(req, maxBody);
  if (!body.ok) {
    if (body.status === 413) {
      sendHttpError(res, 413, 'request body too large');
      res.on('finish', () => req.socket.destroySoon());
    } else {
      res.destroy();
    }
    return;
  }
  const reply = answer(route, req, body.body, ctx);
  if (reply.code !== HttpsCode.OK) refused(ctx, reply, body.body);
  sendJson(res, 200, replyBody(reply));
}

function answer(route: FormHandler, req: IncomingMessage, body: string, ctx: HttpsContext): ProtocolReply {
  if (!isFormContentType(req.headers['content-type'])) {
    return protocolError(HttpsCode.PARAM_ERROR, 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = parseForm(body);
  if (!form.ok) return protocolError(HttpsCode.PARAM_ERROR, form.reason);
  return route(form.fields, ctx);
}

/** The refusal event names the device when the form did; never a field value other than PK and DN. */
function refused(ctx: HttpsContext, reply: ProtocolReply, body: string): void {
  const form = parseForm(body);
  const fields = form.ok ? form.fields : new Map<string, string>();
  ctx.events.emitEvent({
    type: 'refused',
    via: 'https',
    code: reply.code,
    reason: reply.detail ? `${reply.message}: ${reply.detail}` : reply.message,
    productKey: fields.get('productKey'),
    deviceName: fields.get('deviceName'),
  });
}
