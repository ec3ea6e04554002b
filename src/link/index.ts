import type { BoardDescriptor, Hal } from '../../hal/types';
import type { PublishOptions } from '../mqtt/client/types';
import type { LinkConfig } from './config';
import { LinkMachine, type DeviceIdentity, type Listener } from './machine';
import type { LinkError, LinkEventType, LinkState, LinkStats } from './types';

// The public face of the link: createLink(hal, board, config) → start, stop, publish, subscribe, events.

export interface LinkCallError {
  code: string;
  message: string;
}

export interface Link {
  /** Boots the machine (again, after stop() or HALTED). */
  start(): void;
  /** Stops everything in flight and returns to BOOT. */
  stop(): void;
  state(): LinkState;
  /**
   * Publishes now when online; otherwise (also before start()) queues it (bounded by the board's offlineQueue, with a 'dropped' event
   * when the policy drops one). Returns a reference number, or why it was refused.
   */
  publish(topic: string, payload: Uint8Array | string, options?: PublishOptions): number | LinkCallError;
  /** Subscribes now (or once connected), and again after every reconnect that did not resume the session. */
  subscribe(topic: string, qos?: 0 | 1): LinkCallError | null;
  unsubscribe(topic: string): LinkCallError | null;
  on(type: LinkEventType, listener: Listener): void;
  off(type: LinkEventType, listener: Listener): void;
  /** ProductKey and DeviceName once resolved (after start). */
  identity(): DeviceIdentity | null;
  /** The most recent error reported (also while HALTED). */
  lastError(): LinkError | null;
  /** Counters of the link's bounded state (backoff attempts, queues, the MQTT client's window). */
  stats(): LinkStats;
}

/** The link for one device: the state machine itself, seen through the Link interface. */
export function createLink(hal: Hal, board: BoardDescriptor, config: LinkConfig): Link {
  return new LinkMachine(hal, board, config);
}

export type { LinkConfig, ResolvedConfig, RegistrationMethod, ConfigError } from './config';
export type { LinkState, LinkEvent, LinkEventType, LinkError, LinkErrorCode, LinkStats } from './types';
export type { DeviceIdentity, Listener } from './machine';
