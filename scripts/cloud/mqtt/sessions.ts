// Who is online: one session per device identity (PK+DN). A second login with the same identity takes over and
// the first is disconnected (protocol.md §3: "A second connection with the same PK/DN kicks the first one
// offline"), whatever clientIds the two used. Aedes itself only handles the same-clientId case.

import type { Client } from 'aedes';
import type { Identity } from './acl';

export function identityKey(id: Identity): string {
  return id.productKey + '/' + id.deviceName;
}

export class Sessions {
  private readonly byIdentity = new Map<string, Client>();

  current(id: Identity): Client | undefined {
    return this.byIdentity.get(identityKey(id));
  }

  /** Makes `client` the identity's session; returns the session it replaces, if any. */
  attach(id: Identity, client: Client): Client | undefined {
    const key = identityKey(id);
    const previous = this.byIdentity.get(key);
    this.byIdentity.set(key, client);
    return previous === client ? undefined : previous;
  }

  /** Forgets `client`; true when it was the identity's current session (so the device is now offline). */
  detach(id: Identity, client: Client): boolean {
    const key = identityKey(id);
    if (this.byIdentity.get(key) !== client) return false;
    this.byIdentity.delete(key);
    return true;
  }

  get size(): number {
    return this.byIdentity.size;
  }
}
