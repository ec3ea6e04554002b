// The board's identity as the firmware will see it (spec/espruino.md §1c): getSerial() ("240ac400-2f90" on an
// ESP32, from the eFuse MAC) and require("Wifi").getIP().mac ("24:0a:c4:00:2f:90"), each guarded: the Wifi
// module is absent on some builds (the Linux one), getSerial on none that matter.
import type { Identity } from '../../../hal/types';
import type { ReplClient } from '../../serial/repl-client';

export interface BoardIdentity {
  serial?: string;
  /** Lower-case hex pairs joined by ':'. */
  mac?: string;
  version?: string;
  board?: string;
}

const IDENTITY_EXPRESSION =
  '(function(){var r={},e=process.env||{};try{r.s=getSerial()}catch(x){}' +
  'try{var ip=require("Wifi").getIP();if(ip&&ip.mac)r.m=ip.mac}catch(x){}r.v=e.VERSION;r.b=e.BOARD;return r})()';

export async function readBoardIdentity(repl: ReplClient): Promise<BoardIdentity> {
  const r = await repl.call<{ s?: unknown; m?: unknown; v?: unknown; b?: unknown }>(IDENTITY_EXPRESSION);
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const mac = text(r.m)?.toLowerCase();
  const identity: BoardIdentity = {};
  if (text(r.s)) identity.serial = text(r.s);
  if (mac) identity.mac = mac;
  if (text(r.v)) identity.version = text(r.v);
  if (text(r.b)) identity.board = text(r.b);
  return identity;
}

/** The identity in the HAL's shape, for src/provision/store/device-name.ts. */
export function asHalIdentity(identity: BoardIdentity): Identity {
  return { mac: () => identity.mac, serial: () => identity.serial };
}
