// The link's vocabulary: its named states, the events it emits and the errors it reports.

import type { ClientStats } from '../mqtt/client/types';

/**
 * BOOT     idle: not started, or stopped.
 * LOAD     reading the stored credential (or the burned-in one).
 * REGISTER dynamic registration in flight (HTTPS or MQTT).
 * PERSIST  storing the registered credential and reading it back.
 * CONNECT  HTTPS authentication (if configured) and the MQTT CONNECT until CONNACK.
 * ONLINE   the MQTT session is up.
 * BACKOFF  waiting before the next attempt.
 * HALTED   stopped for a reason a person has to act on (the 'error' event says which and what to do).
 */
export type LinkState = 'BOOT' | 'LOAD' | 'REGISTER' | 'PERSIST' | 'CONNECT' | 'ONLINE' | 'BACKOFF' | 'HALTED';

/**
 * CONFIG                  the configuration is invalid (field names it).
 * IDENTITY                no DeviceName: the board reports no MAC / serial to derive it from.
 * NO_SECRET               no stored DeviceSecret and dynamic registration is off.
 * STORE_CORRUPT           something is stored but unreadable; registering could hit 6289, so the link stops.
 * STORED_FOR_OTHER_DEVICE the stored credential is for another ProductKey/DeviceName than configured.
 * ALREADY_ACTIVE          the cloud refused registration with 6289 and no secret is stored.
 * REGISTRATION_REJECTED   the cloud refused registration for good (401, 460, 5001, 6200, …).
 * REGISTRATION_FAILED     a registration attempt failed and will be retried (network, 429, 5xx, …).
 * PERSIST_FAILED          the registered credential could not be stored and read back; it was not used.
 * AUTH_FAILED             HTTPS authentication (/auth/devicename) failed.
 * CREDENTIALS_REJECTED    the MQTT server refused the stored credential (CONNACK 4/5).
 * CONNECT_FAILED          the MQTT connection could not be set up or ended early; it will be retried.
 * KICKED                  the connection keeps dropping right after it comes up: another device may use this identity.
 */
export type LinkErrorCode =
  | 'CONFIG'
  | 'IDENTITY'
  | 'NO_SECRET'
  | 'STORE_CORRUPT'
  | 'STORED_FOR_OTHER_DEVICE'
  | 'ALREADY_ACTIVE'
  | 'REGISTRATION_REJECTED'
  | 'REGISTRATION_FAILED'
  | 'PERSIST_FAILED'
  | 'AUTH_FAILED'
  | 'CREDENTIALS_REJECTED'
  | 'CONNECT_FAILED'
  | 'KICKED';

export interface LinkError {
  code: LinkErrorCode;
  /** For people: what happened and what to do. Never holds a secret. */
  message: string;
  /** CONFIG: the LinkConfig field to fix. */
  field?: string;
  /** The cloud's code (registration JSON code or CONNACK return code), when there was one. */
  cloudCode?: number;
}

export interface StateEvent {
  type: 'state';
  from: LinkState;
  to: LinkState;
}

export interface OnlineEvent {
  type: 'online';
  sessionPresent: boolean;
}

export interface OfflineEvent {
  type: 'offline';
  /** The MQTT client's close reason (PEER_CLOSED, PING_TIMEOUT, …). */
  reason: string;
  message: string;
  /** How long the connection was up, ms. */
  upMs: number;
}

export interface LinkMessageEvent {
  type: 'message';
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1;
  retain: boolean;
}

export interface LinkErrorEvent {
  type: 'error';
  error: LinkError;
  /** False when the link halted; true when it will retry by itself. */
  retrying: boolean;
}

export interface DroppedPublishEvent {
  type: 'dropped';
  reason: string;
  topic: string;
}

/** A snapshot of the link's bounded state, for diagnostics and endurance tests. */
export interface LinkStats {
  state: LinkState;
  /** Failed attempts since the last connection that lasted (drives the backoff window). */
  attempts: number;
  flapStreak: number;
  /** Whether the link's own timer (backoff) is armed. */
  timerPending: boolean;
  /** Link events waiting for delivery. */
  pendingEvents: number;
  /** The MQTT client's counters (in flight, queued, subscriptions, …). */
  client: ClientStats;
}

export type LinkEvent = StateEvent | OnlineEvent | OfflineEvent | LinkMessageEvent | LinkErrorEvent | DroppedPublishEvent;

export type LinkEventType = LinkEvent['type'];
