// Espruino's packet protocol (2v25+, spec/espruino.md §2; README_Protocol.md): DLE SOH, then a 16-bit big-endian
// header — 3 bits of type, 13 bits of length (at most 8191) — then the data. The board answers every packet with
// ACK (0x06) or NAK (0x15). A file is FILE_SEND {"fn":name,"s":size} followed by DATA packets.
import type { ReplClient } from '../../serial/repl-client';

export const PACKET_TYPE = {
  RESPONSE: 0x0000,
  EVAL: 0x2000,
  EVENT: 0x4000,
  FILE_SEND: 0x6000,
  DATA: 0x8000,
  FILE_RECV: 0xa000,
} as const;

export const MAX_PACKET_DATA = 0x1fff;
/** DATA packet size this tool sends: small, so the board never buffers much. */
export const PACKET_CHUNK = 1024;

export function encodePacket(type: number, data: Uint8Array): Uint8Array {
  if (data.length > MAX_PACKET_DATA) throw new RangeError(`a packet holds at most ${MAX_PACKET_DATA} bytes, not ${data.length}`);
  const header = type | data.length;
  const packet = new Uint8Array(4 + data.length);
  packet.set([0x10, 0x01, header >> 8, header & 0xff]);
  packet.set(data, 4);
  return packet;
}

/** How a packet upload ended: sent; refused at the start (the firmware does not do packets); or refused later. */
export type PacketOutcome = { ok: true } | { ok: false; refusedAt: 'start' | number; reason: 'nak' | 'silence' };

/** Sends a file by FILE_SEND + DATA packets; stops at the first NAK or silence. */
export async function sendFileByPackets(
  repl: ReplClient,
  name: string,
  data: string,
  onProgress?: (sent: number) => void,
  timeoutMs = 2000,
): Promise<PacketOutcome> {
  const send = async (packet: Uint8Array): Promise<'ack' | 'nak' | 'silence'> => {
    try {
      return await repl.sendPacket(packet, timeoutMs);
    } catch (error) {
      if ((error as { code?: string }).code === 'NO_ANSWER') return 'silence';
      throw error;
    }
  };
  const start = await send(encodePacket(PACKET_TYPE.FILE_SEND, Buffer.from(JSON.stringify({ fn: name, s: data.length }), 'latin1')));
  if (start !== 'ack') return { ok: false, refusedAt: 'start', reason: start };
  for (let offset = 0; offset < data.length; offset += PACKET_CHUNK) {
    const chunk = Buffer.from(data.slice(offset, offset + PACKET_CHUNK), 'latin1');
    const answer = await send(encodePacket(PACKET_TYPE.DATA, chunk));
    if (answer !== 'ack') return { ok: false, refusedAt: offset, reason: answer };
    onProgress?.(offset + chunk.length);
  }
  return { ok: true };
}
