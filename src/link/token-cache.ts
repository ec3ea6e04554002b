import type { Hal } from '../../hal/types';
import { tokenFreshness, type IotToken } from '../provision/iot-token';
import { credentialFromIotToken, iotTokenFromCredential } from '../provision/persist';
import { createCredentialStore, type CredentialStore } from '../provision/store/credential-store';
import '../features';

// The iotToken of HTTPS authentication (7 days), kept in RAM and in its own store so a weekly refresh never
// touches the DeviceSecret's.

const TAG = 'link';

export class TokenCache {
  private readonly store: CredentialStore;
  private token: IotToken | null = null;

  constructor(private readonly hal: Hal) {
    this.store = createCredentialStore(hal, 'iot');
  }

  /** A token for this device that has not expired (an unknown age counts as usable), or null. */
  usable(deviceName: string): IotToken | null {
    if (this.token === null) {
      const loaded = this.store.load();
      if (loaded.status === 'OK' && loaded.credential.kind === 'iotToken' && loaded.credential.deviceName === deviceName) {
        this.token = iotTokenFromCredential(loaded.credential);
      }
    }
    if (this.token === null) return null;
    if (tokenFreshness(this.token, this.hal.clock) === 'EXPIRED') {
      if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'iotToken expired: authenticating again');
      this.token = null;
      return null;
    }
    return this.token;
  }

  held(): boolean {
    return this.token !== null;
  }

  /** Keeps a fresh token; failing to store it only costs an authentication at the next boot. */
  keep(token: IotToken): void {
    this.token = token;
    const saved = this.store.save(credentialFromIotToken(token));
    if (!saved.ok) this.hal.log.write('warn', TAG, 'iotToken not cached (' + saved.error.message + '); it is used for this boot only');
  }

  /** Forgets the token (the cloud refused it). */
  drop(): void {
    this.token = null;
    this.store.clear();
  }
}
