// The MQTT clientId: `<id>|k=v,k=v,...|` (protocol.md §2, §3). Parameter order is free for the cloud; ours is
// fixed so output is deterministic: the mode's own parameters (securemode, signmethod, timestamp, or the
// registration ones), then the extensions in EXTENSION_ORDER, then `extra` in the order given. `keyOrder`
// moves the keys it names to the front, in its order, to reproduce a particular SDK byte for byte.

import { authError, authFail, authOk, type AuthError, type AuthResult } from './errors';
import { badChar, check, PARAM_KEY_CHARS, PARAM_VALUE_CHARS } from './validate';

/** One clientId parameter: [key, value]. */
export type ClientIdParam = [string, string];

/** Optional clientId parameters (protocol.md §3). Each maps to one key; unset ones are left out. */
export interface ClientIdExtensions {
  /** `_v`: the SDK or firmware version, e.g. 'sdk-c-3.0.1'. */
  sdkVersion?: string;
  /** `_ss=1` when true: the cloud subscribes the device to its /sys topics itself. */
  systemSubscribe?: boolean;
  /** `ext`: bitmap, bit0 = RRPC on /ext/rrpc, bit1 = ext_notify (3.x sends 0, 4.x sends 3). Integer 0-255. */
  ext?: number;
  /** `partner_id` (v2.2 name; v2.3 sends `pid`, use `extra` for that). */
  partnerId?: string;
  /** `module_id` (v2.2 name; v2.3 sends `mid`, use `extra` for that). */
  moduleId?: string;
  /** `instanceId`: the Enterprise instance. */
  instanceId?: string;
  /** `lan`, e.g. 'C'. */
  lan?: string;
  /** `gw=1` for a gateway, `gw=0` otherwise; left out when unset. */
  gateway?: boolean;
  /** Any further parameters (`_conn`, `_uuid`, `pid`, `mid`, ...), appended in this order. */
  extra?: ClientIdParam[];
}

/** Keys of ClientIdExtensions, in the order they are written. */
export const EXTENSION_ORDER = ['_v', '_ss', 'ext', 'partner_id', 'module_id', 'instanceId', 'lan', 'gw'];

/** SDK 3.0.1: `timestamp=…,_v=…,securemode=2,signmethod=…,lan=C,gw=0,ext=0`. */
export const KEY_ORDER_SDK_3_0 = ['timestamp', '_v', 'securemode', 'signmethod', 'lan', 'gw', 'ext'];
/** SDK 4.x: `timestamp=…,_ss=1,_v=…,securemode=2,signmethod=…,ext=3,…`. */
export const KEY_ORDER_SDK_4 = ['timestamp', '_ss', '_v', 'securemode', 'signmethod', 'ext'];
/** SDK 4.x MQTT registration: `random=…,authType=…,securemode=…,signmethod=…[,instanceId=…]`. */
export const KEY_ORDER_SDK_4_DYNREG = ['random', 'authType', 'securemode', 'signmethod', 'instanceId'];
/** SDK 3.2 MQTT registration: `authType=…,random=…,signmethod=…,securemode=…`. */
export const KEY_ORDER_SDK_3_2_DYNREG = ['authType', 'random', 'signmethod', 'securemode'];

/** How the default id is made: `${PK}.${DN}` (C SDKs, recommended), `${DN}.${PK}` (4.x MQTT registration), `${PK}&${DN}` (Node SDK). */
export type ClientIdStyle = 'pk.dn' | 'dn.pk' | 'pk&dn';

export function defaultClientIdBase(productKey: string, deviceName: string, style?: ClientIdStyle): string {
  if (style === 'dn.pk') return deviceName + '.' + productKey;
  if (style === 'pk&dn') return productKey + '&' + deviceName;
  return productKey + '.' + deviceName;
}

/** The extension parameters, in EXTENSION_ORDER, then `extra`. */
export function extensionParams(ext: ClientIdExtensions | undefined): AuthResult<ClientIdParam[]> {
  const params: ClientIdParam[] = [];
  if (!ext) return authOk(params);
  if (ext.sdkVersion !== undefined) params.push(['_v', ext.sdkVersion]);
  if (ext.systemSubscribe === true) params.push(['_ss', '1']);
  if (ext.ext !== undefined) {
    if (check('extensions', ext.ext, 'byte') !== null) {
      return authFail(authError('INVALID_FIELD', 'extensions', 'extensions.ext must be an integer from 0 to 255'));
    }
    params.push(['ext', String(ext.ext)]);
  }
  if (ext.partnerId !== undefined) params.push(['partner_id', ext.partnerId]);
  if (ext.moduleId !== undefined) params.push(['module_id', ext.moduleId]);
  if (ext.instanceId !== undefined) params.push(['instanceId', ext.instanceId]);
  if (ext.lan !== undefined) params.push(['lan', ext.lan]);
  if (ext.gateway !== undefined) params.push(['gw', ext.gateway ? '1' : '0']);
  const extra = ext.extra || [];
  for (let i = 0; i < extra.length; i++) params.push([extra[i][0], extra[i][1]]);
  return authOk(params);
}

/** `keyOrder` keys first (in its order, absent ones skipped), then the rest in their given order. */
export function orderParams(params: ClientIdParam[], keyOrder: string[] | undefined): ClientIdParam[] {
  if (!keyOrder || keyOrder.length === 0) return params;
  const taken: boolean[] = [];
  const out: ClientIdParam[] = [];
  for (let k = 0; k < keyOrder.length; k++) {
    for (let i = 0; i < params.length; i++) {
      if (!taken[i] && params[i][0] === keyOrder[k]) {
        taken[i] = true;
        out.push(params[i]);
      }
    }
  }
  for (let i = 0; i < params.length; i++) if (!taken[i]) out.push(params[i]);
  return out;
}

/** Checks keys and values: keys of [A-Za-z0-9_], values without space, ',' or '|', no key twice. */
export function checkParams(params: ClientIdParam[]): AuthError | null {
  for (let i = 0; i < params.length; i++) {
    const key = params[i][0];
    const value = params[i][1];
    if (typeof key !== 'string' || key.length === 0 || badChar(key, PARAM_KEY_CHARS) >= 0) {
      return authError('INVALID_FIELD', 'extensions', 'extensions: clientId parameter names must be A-Z, a-z, 0-9 or _ (got ' + String(key) + ')');
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > 64 || badChar(value, PARAM_VALUE_CHARS) >= 0) {
      return authError('INVALID_FIELD', 'extensions', 'extensions: clientId parameter ' + key + " must be 1-64 printable chars without space, ',' or '|'");
    }
    for (let j = 0; j < i; j++) {
      if (params[j][0] === key) return authError('INVALID_FIELD', 'extensions', 'extensions: clientId parameter ' + key + ' is given twice');
    }
  }
  return null;
}

/** `${base}|k=v,...|` from the mode's parameters plus extensions, checked and ordered. */
export function buildClientId(
  base: string,
  modeParams: ClientIdParam[],
  extensions: ClientIdExtensions | undefined,
  keyOrder: string[] | undefined,
): AuthResult<string> {
  const ext = extensionParams(extensions);
  if (!ext.ok) return ext;
  if (keyOrder !== undefined && !isStringList(keyOrder)) {
    return authFail(authError('INVALID_FIELD', 'keyOrder', 'keyOrder must be a list of parameter names'));
  }
  const params = modeParams.concat(ext.value);
  const error = checkParams(params);
  if (error) return authFail(error);
  return authOk(formatClientId(base, orderParams(params, keyOrder)));
}

/** `${base}|k=v,k=v|`, no checks. */
export function formatClientId(base: string, params: ClientIdParam[]): string {
  const parts: string[] = [];
  for (let i = 0; i < params.length; i++) parts.push(params[i][0] + '=' + params[i][1]);
  return base + '|' + parts.join(',') + '|';
}

function isStringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}
