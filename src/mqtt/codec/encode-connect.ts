// CONNECT [MQTT-3.1]: protocol "MQTT" level 4, flags, keep-alive, then client id, will, username, password.

import {
  CONNECT_FLAG_CLEAN,
  CONNECT_FLAG_PASSWORD,
  CONNECT_FLAG_USERNAME,
  CONNECT_FLAG_WILL,
  CONNECT_FLAG_WILL_QOS_SHIFT,
  CONNECT_FLAG_WILL_RETAIN,
  PROTOCOL_LEVEL_311,
  PROTOCOL_NAME_BYTES,
  TYPE_CONNECT,
} from './constants';
import { encodeError, EncodeError, EncodeResult } from './errors';
import {
  checkBytesField,
  checkPacketFits,
  stringFieldBytes,
  writeBytesField,
  writeFixedHeader,
  writeStringField,
  writeU16,
} from './fields';
import { BytesOrString, ConnectPacket, Will } from './packets';
import { checkKeepalive, checkQos, checkTextField, checkTopicName } from './validate';

/** Protocol name (6) + level (1) + flags (1) + keep-alive (2). */
const VARIABLE_HEADER_BYTES = 10;

/** UTF-8 byte lengths of the string fields, measured once and reused when writing. */
interface ConnectSizes {
  clientId: number;
  willTopic: number;
  username: number;
  /** -1 when the password is given as bytes. */
  passwordText: number;
}

/** A text field's UTF-8 length, or why it is unacceptable (U+0000, lone surrogate, too long). */
function textFieldBytes(text: string, what: string): number | EncodeError {
  const nul = checkTextField(text, what);
  return nul !== null ? nul : stringFieldBytes(text, what);
}

function checkWill(will: Will): EncodeError | null {
  return checkTopicName(will.topic) || checkQos(will.qos) || checkBytesField(will.payload, 'will payload');
}

function checkCredentials(p: ConnectPacket): EncodeError | null {
  if (p.password !== undefined && p.username === undefined) {
    return encodeError('PASSWORD_WITHOUT_USERNAME', 'a password needs a username in MQTT 3.1.1: set username too');
  }
  if (p.password instanceof Uint8Array) return checkBytesField(p.password, 'password');
  return null;
}

function checkConnect(p: ConnectPacket): EncodeError | null {
  if (p.clientId.length === 0 && !p.clean) {
    return encodeError('INVALID_CLIENT_ID', 'an empty client id needs clean = true [MQTT-3.1.3-7]: give a client id');
  }
  const keepalive = checkKeepalive(p.keepalive);
  if (keepalive !== null) return keepalive;
  const will = p.will !== undefined ? checkWill(p.will) : null;
  return will !== null ? will : checkCredentials(p);
}

/** Measures every string field; the first failure wins. */
function measureConnect(p: ConnectPacket): ConnectSizes | EncodeError {
  const clientId = textFieldBytes(p.clientId, 'client id');
  if (typeof clientId !== 'number') return clientId;
  const willTopic = p.will !== undefined ? stringFieldBytes(p.will.topic, 'will topic') : 0;
  if (typeof willTopic !== 'number') return willTopic;
  const username = p.username !== undefined ? textFieldBytes(p.username, 'username') : 0;
  if (typeof username !== 'number') return username;
  const passwordText = typeof p.password === 'string' ? stringFieldBytes(p.password, 'password') : -1;
  if (typeof passwordText !== 'number') return passwordText;
  return { clientId: clientId, willTopic: willTopic, username: username, passwordText: passwordText };
}

function passwordFieldBytes(password: BytesOrString | undefined, sizes: ConnectSizes): number {
  if (password === undefined) return 0;
  return 2 + (typeof password === 'string' ? sizes.passwordText : password.length);
}

function connectBodyBytes(p: ConnectPacket, sizes: ConnectSizes): number {
  let body = VARIABLE_HEADER_BYTES + 2 + sizes.clientId;
  if (p.will !== undefined) body += 2 + sizes.willTopic + 2 + p.will.payload.length;
  if (p.username !== undefined) body += 2 + sizes.username;
  return body + passwordFieldBytes(p.password, sizes);
}

function connectFlags(p: ConnectPacket): number {
  let flags = p.clean ? CONNECT_FLAG_CLEAN : 0;
  if (p.will !== undefined) {
    flags |= CONNECT_FLAG_WILL | (p.will.qos << CONNECT_FLAG_WILL_QOS_SHIFT);
    if (p.will.retain) flags |= CONNECT_FLAG_WILL_RETAIN;
  }
  if (p.username !== undefined) flags |= CONNECT_FLAG_USERNAME;
  if (p.password !== undefined) flags |= CONNECT_FLAG_PASSWORD;
  return flags;
}

function writeVariableHeader(buf: Uint8Array, pos: number, p: ConnectPacket): number {
  for (let i = 0; i < PROTOCOL_NAME_BYTES.length; i++) buf[pos++] = PROTOCOL_NAME_BYTES[i];
  buf[pos++] = PROTOCOL_LEVEL_311;
  buf[pos++] = connectFlags(p);
  return writeU16(buf, pos, p.keepalive);
}

function writePayload(buf: Uint8Array, pos: number, p: ConnectPacket, sizes: ConnectSizes): number {
  pos = writeStringField(buf, pos, p.clientId, sizes.clientId);
  if (p.will !== undefined) {
    pos = writeStringField(buf, pos, p.will.topic, sizes.willTopic);
    pos = writeBytesField(buf, pos, p.will.payload);
  }
  if (p.username !== undefined) pos = writeStringField(buf, pos, p.username, sizes.username);
  if (typeof p.password === 'string') pos = writeStringField(buf, pos, p.password, sizes.passwordText);
  else if (p.password !== undefined) pos = writeBytesField(buf, pos, p.password);
  return pos;
}

/** Encodes CONNECT at the start of `buf`: the byte length written, or why nothing was written. */
export function encodeConnect(buf: Uint8Array, p: ConnectPacket): EncodeResult {
  const invalid = checkConnect(p);
  if (invalid !== null) return invalid;
  const sizes = measureConnect(p);
  if ('code' in sizes) return sizes;
  const body = connectBodyBytes(p, sizes);
  const tooBig = checkPacketFits(buf, body);
  if (tooBig !== null) return tooBig;
  const pos = writeFixedHeader(buf, TYPE_CONNECT << 4, body);
  return writePayload(buf, writeVariableHeader(buf, pos, p), p, sizes);
}
