// The authenticate decision for one CONNECT (protocol.md §2-§4). Dispatch on authType, then securemode:
//   authType=register|regnwl → registration (dynreg.ts); authType=connwl → token login (dynreg.ts);
//   securemode 2 (TLS) / 3 (TCP) → DeviceSecret login; -1 (TLS) / 0 (TCP) → iotId/iotToken login (§4).
// CONNACK codes: LoginConnack / DynregConnack in codes.ts.

import { check, KEEPALIVE_MIN, SIGN_METHODS } from '../../../src/auth/index';
import { LoginConnack } from '../codes';
import type { Registry } from '../registry/index';
import { verifyDevicePassword } from '../verify';
import { parseClientId, secureModeOf, type ParsedClientId } from './client-id';
import { refuse, type AuthDecision, type ConnectInput } from './decision';
import { identityOf, registrationDecision, tokenLoginDecision } from './dynreg';

/** securemode → the transport it needs and how the device proves itself. */
const LOGIN_MODES: Record<string, { transport: 'tls' | 'tcp'; proof: 'secret' | 'iotToken' }> = {
  '2': { transport: 'tls', proof: 'secret' },
  '3': { transport: 'tcp', proof: 'secret' },
  '-1': { transport: 'tls', proof: 'iotToken' },
  '0': { transport: 'tcp', proof: 'iotToken' },
};

export function decideConnect(input: ConnectInput, registry: Registry, now: number): AuthDecision {
  const parsed = parseClientId(input.clientId);
  if (!parsed.ok) return refuse(LoginConnack.BAD_CLIENT_ID, parsed.reason);
  const clientId = parsed.value;
  const authType = clientId.params.get('authType');
  if (authType === 'register' || authType === 'regnwl') return registrationDecision(input, clientId, authType, registry, now);
  if (authType === 'connwl') return tokenLoginDecision(input, clientId, registry, now);
  if (authType !== undefined) return refuse(LoginConnack.BAD_CLIENT_ID, `unknown authType ${authType}`);

  const secureMode = secureModeOf(clientId.params);
  const mode = secureMode === null ? undefined : LOGIN_MODES[String(secureMode)];
  if (!mode) return refuse(LoginConnack.BAD_CLIENT_ID, `securemode ${clientId.params.get('securemode') ?? '(missing)'} is not supported`);
  if (mode.transport !== input.transport) {
    return refuse(LoginConnack.WRONG_TRANSPORT, `securemode ${secureMode} needs ${mode.transport === 'tls' ? 'TLS' : 'plain TCP'}`);
  }
  if (input.keepalive < KEEPALIVE_MIN) return refuse(LoginConnack.BAD_KEEPALIVE, `keep-alive ${input.keepalive} s is under ${KEEPALIVE_MIN} s`);
  return mode.proof === 'secret'
    ? secretLogin(input, clientId, secureMode as number, registry, now)
    : iotTokenLogin(input, clientId, secureMode as number, registry, now);
}

function secretLogin(input: ConnectInput, clientId: ParsedClientId, secureMode: number, registry: Registry, now: number): AuthDecision {
  // The docs' default when signmethod is left out is hmacmd5 (§3).
  const methodText = clientId.params.get('signmethod') ?? 'hmacmd5';
  const signMethod = SIGN_METHODS.find((m) => m === methodText);
  if (!signMethod) return refuse(LoginConnack.BAD_CLIENT_ID, `signmethod ${methodText} is unknown`);
  const timestamp = clientId.params.get('timestamp') ?? null;
  if (timestamp !== null && check('timestamp', timestamp)) return refuse(LoginConnack.BAD_CLIENT_ID, 'timestamp must be decimal digits');
  const identity = identityOf(input.username);
  if (!identity) return refuse(LoginConnack.BAD_CREDENTIALS, 'username must be DeviceName&ProductKey');
  const password = input.password;
  if (!password) return refuse(LoginConnack.BAD_CREDENTIALS, 'password is missing', identity);
  // The timestamp signed must be the one in the clientId: the password is checked with exactly that one.
  const verify = (deviceSecret: string): boolean =>
    verifyDevicePassword({ ...identity, deviceSecret, clientIdBase: clientId.base, timestamp, signMethod, password });
  const r = registry.lifecycle.loginWithSecret(identity.productKey, identity.deviceName, verify, now);
  if (!r.ok) {
    if (r.reason === 'bad-credentials') return refuse(LoginConnack.BAD_CREDENTIALS, 'password does not verify', identity);
    const why = r.reason === 'no-secret' ? 'the device holds no DeviceSecret yet (register it first)' : 'device not found';
    return refuse(LoginConnack.UNKNOWN_DEVICE, why, identity);
  }
  return {
    ok: true,
    kind: 'login',
    identity,
    secureMode,
    activated: r.value.activated,
    systemSubscribe: clientId.params.get('_ss') === '1',
  };
}

function iotTokenLogin(input: ConnectInput, clientId: ParsedClientId, secureMode: number, registry: Registry, now: number): AuthDecision {
  if (!input.username || !input.password) return refuse(LoginConnack.BAD_TOKEN, 'iotId and iotToken are required');
  const r = registry.lifecycle.loginWithIotToken(input.username, input.password, now);
  if (!r.ok) return refuse(LoginConnack.BAD_TOKEN, `iotId/iotToken refused: ${r.reason}`);
  const device = r.value.device;
  return {
    ok: true,
    kind: 'login',
    identity: { productKey: device.productKey, deviceName: device.deviceName },
    secureMode,
    activated: r.value.activated,
    systemSubscribe: clientId.params.get('_ss') === '1',
  };
}
