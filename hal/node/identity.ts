import { networkInterfaces } from 'node:os';
import type { Identity } from '../types';

export interface NodeIdentityOptions {
  /** The MAC to report; absent: the machine's first non-internal interface; null: none. */
  mac?: string | null;
  /** The serial to report; absent or null: none. */
  serial?: string | null;
}

/** Identity from configuration, or the machine's first non-internal network interface. */
export class NodeIdentity implements Identity {
  private readonly macAddress: string | undefined;
  private readonly serialNumber: string | undefined;

  constructor(options: NodeIdentityOptions = {}) {
    this.macAddress =
      options.mac === null ? undefined : options.mac !== undefined ? normaliseMac(options.mac) : firstInterfaceMac();
    this.serialNumber = options.serial ?? undefined;
  }

  mac(): string | undefined {
    return this.macAddress;
  }

  serial(): string | undefined {
    return this.serialNumber;
  }
}

/** Six hex pairs, lower-case, ':'-separated (accepts '-', ':' or no separators); undefined if not a MAC. */
export function normaliseMac(text: string): string | undefined {
  const hex = text.replace(/[-:.\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

export function firstInterfaceMac(): string | undefined {
  const interfaces = networkInterfaces();
  for (const name of Object.keys(interfaces)) {
    for (const address of interfaces[name] ?? []) {
      if (address.internal || address.mac === '00:00:00:00:00:00') continue;
      const mac = normaliseMac(address.mac);
      if (mac) return mac;
    }
  }
  return undefined;
}
