// Registration over MQTT (protocol.md §2): authType=register (pre-registered device → DeviceSecret on
// /ext/register) and authType=regnwl (registration-free → clientId + deviceToken on /ext/regnwl), and the token
// login that follows regnwl (authType=connwl). TLS only. CONNACK codes: see DynregConnack in codes.ts.

import { check } from '../../../src/auth/index';
import { DynregConnack } from '../codes';
import type { Registry, RegistryRefusal } from '../registry/index';
import { parseSignMethod, verifyDynregSign } from '../verify';
import type { Identity } from './acl';
import { parseUsername, secureModeOf, type ParsedClientId } from './client-id';
import { refuse, type AuthDecision, type ConnectInput } from './decision';

const REGISTRATION_SECURE_MODES = [2, -2];

const NOT_ALLOWED: Partial<Record<RegistryRefusal, string>> = {
  'dynreg-disabled': 'dynamic registration is not enabled for this product',
  'device-not-found': 'device not found (register needs a pre-registered device)',
  'already-active': 'device is already active',
};

/** The username as an identity, or null when it is not DeviceName&ProductKey with valid parts. */
export function identityOf(username: string | undefined): Identity | null {
  const parsed = parseUsername(username);
  if (!parsed || check('deviceName', parsed.deviceName) || check('productKey', parsed.productKey)) return null;
  return parsed;
}

export function registrationDecision(
  input: ConnectInput,
  clientId: ParsedClientId,
  authType: 'register' | 'regnwl',
  registry: Registry,
  now: number,
): AuthDecision {
  const p = clientId.params;
  if (input.transport !== 'tls') return refuse(DynregConnack.BAD_PARAMETER, 'registration over MQTT needs TLS');
  const secureMode = secureModeOf(p);
  if (secureMode === null || REGISTRATION_SECURE_MODES.indexOf(secureMode) < 0) {
    return refuse(DynregConnack.BAD_PARAMETER, 'registration needs securemode 2 or -2');
  }
  const random = p.get('random');
  if (random === undefined || check('random', random)) return refuse(DynregConnack.BAD_PARAMETER, 'random is missing or malformed');
  const signMethod = parseSignMethod(p.get('signmethod'));
  if (!signMethod) return refuse(DynregConnack.BAD_PARAMETER, 'signmethod is missing or unknown');
  const identity = identityOf(input.username);
  if (!identity) return refuse(DynregConnack.BAD_PARAMETER, 'username must be DeviceName&ProductKey');
  if (!input.password) return refuse(DynregConnack.BAD_PARAMETER, 'password (the sign) is missing', identity);

  const product = registry.products.get(identity.productKey);
  if (!product) return refuse(DynregConnack.AUTH_FAILED, 'product not found', identity);
  const signed = verifyDynregSign({ ...identity, productSecret: product.productSecret, random, signMethod, sign: input.password });
  if (!signed) return refuse(DynregConnack.AUTH_FAILED, 'sign does not verify with the ProductSecret', identity);

  if (authType === 'register') {
    const r = registry.lifecycle.register(identity.productKey, identity.deviceName, now);
    if (!r.ok) return refuse(DynregConnack.NOT_ALLOWED, NOT_ALLOWED[r.reason] ?? r.reason, identity);
    const payload = { productKey: r.value.productKey, deviceName: r.value.deviceName, deviceSecret: r.value.deviceSecret };
    return { ok: true, kind: 'registration', identity, authType, topic: '/ext/register', payload: JSON.stringify(payload), secret: r.value.deviceSecret };
  }
  const r = registry.lifecycle.registerWithoutPreRegistration(identity.productKey, identity.deviceName, now);
  if (!r.ok) return refuse(DynregConnack.NOT_ALLOWED, NOT_ALLOWED[r.reason] ?? r.reason, identity);
  const v = r.value;
  const payload = { productKey: v.productKey, deviceName: v.deviceName, clientId: v.clientId, deviceToken: v.deviceToken };
  return { ok: true, kind: 'registration', identity, authType, topic: '/ext/regnwl', payload: JSON.stringify(payload), secret: v.deviceToken };
}

/** authType=connwl: clientId `<returned clientId>|securemode=-2,authType=connwl|`, password = deviceToken. */
export function tokenLoginDecision(input: ConnectInput, clientId: ParsedClientId, registry: Registry, now: number): AuthDecision {
  if (input.transport !== 'tls') return refuse(DynregConnack.BAD_PARAMETER, 'token login needs TLS');
  if (secureModeOf(clientId.params) !== -2) return refuse(DynregConnack.BAD_PARAMETER, 'token login needs securemode -2');
  const identity = identityOf(input.username);
  if (!identity) return refuse(DynregConnack.BAD_PARAMETER, 'username must be DeviceName&ProductKey');
  if (!input.password) return refuse(DynregConnack.AUTH_FAILED, 'password (the deviceToken) is missing', identity);
  const r = registry.lifecycle.loginWithDeviceToken(identity.productKey, identity.deviceName, clientId.base, input.password, now);
  if (!r.ok) return refuse(DynregConnack.AUTH_FAILED, `token login failed: ${r.reason}`, identity);
  return {
    ok: true,
    kind: 'login',
    identity,
    secureMode: -2,
    activated: r.value.activated,
    systemSubscribe: clientId.params.get('_ss') === '1',
  };
}
