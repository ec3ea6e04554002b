// The cloud-load section: N devices register over HTTPS and log in with the `mqtt` client against the local
// cloud, then publish QoS1 messages (scripts/bench/cloud-load.ts). Messages lost must be 0.

import { benchCloudLoad } from './cloud-load';
import type { BenchSection } from './types';

export const cloudLoadSection: BenchSection = {
  name: 'cloudLoad',
  title: 'Local cloud under load: registrations, logins and QoS1 publishes with the mqtt client',
  async run(options) {
    const r = await benchCloudLoad({ devices: options.devices });
    return {
      table: {
        columns: ['devices', 'registrations/s', 'logins/s', 'publishes/s', 'messages lost'],
        rows: [[r.devices, r.registrationsPerSec, r.loginsPerSec, r.publishesPerSec, r.messagesLost]],
      },
      figures: {
        registrationsPerSec: r.registrationsPerSec,
        loginsPerSec: r.loginsPerSec,
        publishesPerSec: r.publishesPerSec,
        messagesLost: r.messagesLost,
        failures: r.registrationFailures + r.loginFailures,
      },
      json: r,
      note: `${r.messagesPerDevice} QoS1 messages per device, ${r.concurrency} in flight, ${r.messagesSent} sent, ${r.messagesReceived} seen by the cloud, ${Math.round(r.durationMs)} ms`,
    };
  },
};
