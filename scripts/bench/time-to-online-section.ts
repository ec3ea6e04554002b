// The time-to-online section: link.start() → 'online' on the Node simulation board against the local cloud
// (scripts/bench/time-to-online.ts), split into TLS handshakes, flash, the runtime's own code and waiting.

import type { BenchSection } from './types';
import { BOOT_KINDS, benchTimeToOnline, type BootKind } from './time-to-online';

const LABELS: Record<BootKind, string> = {
  httpsRegister: 'HTTPS registration',
  mqttRegister: 'MQTT registration (register)',
  storedSecret: 'stored secret',
};

export const timeToOnlineSection: BenchSection = {
  name: 'timeToOnline',
  title: 'Time to online: Node simulation board, local cloud on loopback (ms, median per column)',
  async run() {
    const r = await benchTimeToOnline();
    const ref = r.reference.median;
    const figures: Record<string, number> = {};
    for (const kind of BOOT_KINDS) {
      figures[`${kind}TotalMs`] = r.median[kind].totalMs;
      figures[`${kind}TlsMs`] = r.median[kind].tlsMs;
      figures[`${kind}RuntimeMs`] = r.median[kind].runtimeMs;
    }
    figures.mqttJsLoginTotalMs = ref.totalMs;
    figures.mqttJsRegisterTotalMs = ref.registerTotalMs;
    figures.httpsRegisterToReferenceRatio = Math.round((r.median.httpsRegister.totalMs / ref.registerTotalMs) * 100) / 100;
    figures.storedSecretToMqttJsRatio = Math.round((r.median.storedSecret.totalMs / ref.totalMs) * 100) / 100;
    return {
      table: {
        columns: ['boot', 'TLS sockets', 'total', 'TCP+TLS handshakes', 'flash (KV)', 'runtime own', 'waiting on cloud', 'other'],
        rows: [
          ...BOOT_KINDS.map((kind) => {
            const m = r.median[kind];
            return [LABELS[kind], m.handshakes, m.totalMs, m.tlsMs, m.kvMs, m.runtimeMs, m.waitingMs, m.otherMs];
          }),
          ['node:https registration + durable write + mqtt 5 login', 2, ref.registerTotalMs, '-', '-', '-', '-', '-'],
          ['mqtt 5 client, known secret', 1, ref.totalMs, ref.tlsMs, '-', `${ref.clientMs} (client)`, ref.waitingMs, '-'],
        ],
      },
      figures,
      json: r,
      note:
        `median of ${r.repeats} runs after ${r.warmups} warm-up; device and cloud share one Node thread, so handshakes ` +
        'include the server side; runtime = time inside the runtime\'s handlers/timers (TLS record encryption of its ' +
        'writes included); waiting = idle with a connection up (cloud work, records in transit); other = idle with no ' +
        'connection up (event-loop turns between sockets); ours and the references alternate who goes first run by run; ' +
        'the registration reference does what an HTTPS-registration boot does (register, store durably, log in); mqtt client row: waiting = TLS done → first CONNACK byte (its ' +
        'CONNECT write included), client = CONNACK → its connect event',
    };
  },
};
