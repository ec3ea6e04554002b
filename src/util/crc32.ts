// CRC-32 as zip, PNG and Ethernet compute it (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final
// value 0xFFFFFFFF). Check value: crc32 of "123456789" is 0xCBF43926.
// Bit by bit, without a table: no numbers held in memory for good. The records it guards are a few hundred bytes,
// read at boot and written once per registration, so eight shifts per byte cost nothing that matters.

import { bytesToBinaryString } from './bytes';

/** CRC-32 of an 8-bit string (one byte per char; a char above 0xFF counts as its low byte). */
export function crc32String(text: string): number {
  let crc = -1;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) & 0xff;
    // Each bit: shift right, and where the bit shifted out was 1, xor in the polynomial (-(crc & 1) is all ones).
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** CRC-32 of bytes (for the host tools). */
export function crc32Bytes(bytes: Uint8Array): number {
  return crc32String(bytesToBinaryString(bytes));
}

/** An unsigned 32-bit number as 8 lower-case hex digits. */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
