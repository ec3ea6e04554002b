// What the broker's authenticate hook decides about one CONNECT.

import type { Identity } from './acl';

export type Transport = 'tls' | 'tcp';

export interface ConnectInput {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  /** Seconds, as the client sent it. */
  keepalive: number;
  transport: Transport;
}

/** A device session: the client may publish and subscribe inside its namespace. */
export interface LoginDecision {
  ok: true;
  kind: 'login';
  identity: Identity;
  secureMode: number;
  activated: boolean;
  /** The clientId asked the cloud to subscribe it to its /sys topics (_ss=1). */
  systemSubscribe: boolean;
}

/** Registration over MQTT: the reply goes to the client on `topic` without a subscription. */
export interface RegistrationDecision {
  ok: true;
  kind: 'registration';
  identity: Identity;
  authType: 'register' | 'regnwl';
  topic: string;
  payload: string;
  /** The issued secret or token, for the event (masked there). */
  secret: string;
}

export interface Refusal {
  ok: false;
  returnCode: number;
  reason: string;
  identity?: Identity;
}

export type AuthDecision = LoginDecision | RegistrationDecision | Refusal;

export function refuse(returnCode: number, reason: string, identity?: Identity): Refusal {
  return { ok: false, returnCode, reason, identity };
}
