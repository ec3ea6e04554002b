// Single flight for registration: one registration (HTTPS or MQTT) at a time per registrar, and every attempt
// has an id. A second start while one runs is refused with BUSY (it does not join: the two callers would not
// agree on who persists). abort() abandons the running attempt: its socket is closed, and should any reply still
// reach this code it is dropped by id — a late reply (peers.md §4: it may carry a secret the cloud has since
// replaced) never reaches the caller, so it never reaches the store.

import type { Hal } from '../../hal/types';
import type { HttpLimits } from '../http';
import type { ProvisionStart, ProvisionAttempt } from './attempt';
import { startDynregHttps, type DynregHttpsOptions, type DynregHttpsResult } from './dynreg-https';
import { startDynregMqtt, type DynregMqttRunOptions, type DynregMqttSizes } from './dynreg-mqtt';
import type { DynregMqttResult } from './dynreg-mqtt-reply';
import { provisionError, type ProvisionError } from './errors';
import '../features';

export const REGISTRAR_LOG_TAG = 'register';

export type RegistrationStart = { ok: true; attemptId: number } | { ok: false; error: ProvisionError };

export interface Registrar {
  /** Starts HTTPS registration (protocol.md §1); BUSY while another attempt runs. */
  registerHttps(options: DynregHttpsOptions, done: (result: DynregHttpsResult) => void): RegistrationStart;
  /** Starts MQTT registration, register or regnwl (protocol.md §2); BUSY while another attempt runs. */
  registerMqtt(options: DynregMqttRunOptions, done: (result: DynregMqttResult) => void): RegistrationStart;
  /** Abandons the running attempt, if any: its callback will not fire. */
  abort(): void;
  /** The id of the running attempt, or 0. */
  running(): number;
}

/** A start function of one registration method: startDynregHttps and startDynregMqtt have this shape. */
type Start<O, R> = (hal: Hal, sizes: HttpLimits & DynregMqttSizes, options: O, deliver: (result: R) => void) => ProvisionStart;

export function createRegistrar(hal: Hal, sizes: HttpLimits & DynregMqttSizes): Registrar {
  let lastId = 0;
  let currentId = 0;
  let current: ProvisionAttempt | null = null;

  /** Starts `start` as the single attempt, unless one runs or the method is not built into this image. */
  function begin<O, R>(start: Start<O, R> | null, options: O, done: (result: R) => void): RegistrationStart {
    if (start === null) return { ok: false, error: provisionError('INVALID_CONFIG', false, 'this registration method is not built into this image') };
    if (currentId !== 0) return { ok: false, error: provisionError('BUSY', true, 'a registration is already running') };
    const id = ++lastId;
    currentId = id;
    const started = start(hal, sizes, options, function (result: R) {
      if (id !== currentId) {
        hal.log.write('warn', REGISTRAR_LOG_TAG, 'reply to abandoned attempt #' + id + ' dropped');
        return;
      }
      currentId = 0;
      current = null;
      done(result);
    });
    if (!started.ok) {
      currentId = 0;
      return { ok: false, error: started.error };
    }
    current = started.attempt;
    if (ALIOT_LOG_DEBUG) hal.log.write('debug', REGISTRAR_LOG_TAG, 'registration attempt #' + id + ' started');
    return { ok: true, attemptId: id };
  }

  return {
    registerHttps: function (options, done) {
      return begin(ALIOT_REGISTER_HTTPS ? startDynregHttps : null, options, done);
    },
    registerMqtt: function (options, done) {
      return begin(ALIOT_REGISTER_MQTT || ALIOT_REGISTER_NWL ? startDynregMqtt : null, options, done);
    },
    abort: function () {
      if (currentId === 0) return;
      if (ALIOT_LOG_INFO) hal.log.write('info', REGISTRAR_LOG_TAG, 'registration attempt #' + currentId + ' abandoned');
      const attempt = current;
      currentId = 0;
      current = null;
      if (attempt !== null) attempt.abort();
    },
    running: function () {
      return currentId;
    },
  };
}
