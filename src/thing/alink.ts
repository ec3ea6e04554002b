import type { IdSource } from './ids';

// Alink JSON requests and replies (spec/protocol.md §7):
//   request {"id":"…","version":"1.0","params":{…},"sys":{"ack":0|1},"method":"…"}
//   reply   {"id":"…","code":200,"data":{…}}

export interface AlinkRequest {
  id: string;
  version: string;
  params: { [name: string]: unknown };
  sys?: { ack: number };
  method: string;
}

export interface AlinkReply {
  id: string;
  code: number;
  data: unknown;
  message?: string;
}

/** A request's id and JSON text. */
export interface OutgoingRequest {
  id: string;
  json: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: { code: 'BAD_JSON' | 'BAD_SHAPE'; message: string } };

/** thing.event.property.post with `params`; ack false asks the cloud not to reply. */
export function propertyPostRequest(ids: IdSource, params: { [name: string]: unknown }, ack?: boolean): OutgoingRequest {
  return request(ids, 'thing.event.property.post', params, ack);
}

/** thing.event.{eventId}.post with `params`. */
export function eventPostRequest(ids: IdSource, eventId: string, params: { [name: string]: unknown }, ack?: boolean): OutgoingRequest {
  return request(ids, 'thing.event.' + eventId + '.post', params, ack);
}

/** The reply to a cloud request (property set, service call): code 200 on success. */
export function replyJson(id: string, code: number, data?: unknown, message?: string): string {
  const reply: AlinkReply = { id: id, code: code, data: data === undefined ? {} : data };
  if (message !== undefined) reply.message = message;
  return JSON.stringify(reply);
}

/** A cloud → device request (property set, service call), checked for its shape. */
export function parseRequest(json: string): ParseResult<AlinkRequest> {
  const parsed = parseJson(json);
  if (!parsed.ok) return parsed;
  const v = parsed.value as Partial<AlinkRequest> | null;
  if (!v || typeof v !== 'object' || (typeof v.id !== 'string' && typeof v.id !== 'number')) {
    return badShape('request without an id');
  }
  if (!v.params || typeof v.params !== 'object') return badShape('request without params');
  return { ok: true, value: { id: String(v.id), version: String(v.version || '1.0'), params: v.params, method: String(v.method || '') } };
}

/** A cloud reply to one of our requests (e.g. property post_reply). */
export function parseReply(json: string): ParseResult<AlinkReply> {
  const parsed = parseJson(json);
  if (!parsed.ok) return parsed;
  const v = parsed.value as Partial<AlinkReply> | null;
  if (!v || typeof v !== 'object' || v.id === undefined || typeof v.code !== 'number') return badShape('reply without id or code');
  const reply: AlinkReply = { id: String(v.id), code: v.code, data: v.data === undefined ? {} : v.data };
  if (typeof v.message === 'string') reply.message = v.message;
  return { ok: true, value: reply };
}

function request(ids: IdSource, method: string, params: { [name: string]: unknown }, ack?: boolean): OutgoingRequest {
  const id = ids.next();
  const body: AlinkRequest = { id: id, version: '1.0', params: params, method: method };
  if (ack === false) body.sys = { ack: 0 };
  return { id: id, json: JSON.stringify(body) };
}

function parseJson(json: string): ParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch (e) {
    return { ok: false, error: { code: 'BAD_JSON', message: 'not JSON: ' + json.substring(0, 40) } };
  }
}

function badShape(message: string): ParseResult<never> {
  return { ok: false, error: { code: 'BAD_SHAPE', message: message } };
}
