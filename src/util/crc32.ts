// CRC-32 as zip, PNG and Ethernet compute it (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final
// value 0xFFFFFFFF). Check value: crc32 of "123456789" is 0xCBF43926.
// A 16-entry table (one entry per nibble) instead of the usual 256: 16 numbers of memory, two lookups per byte.

const NIBBLE_TABLE = [
  0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
  0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
];

/** The running register before the first byte. */
export const CRC32_START = 0xffffffff;

/** Feeds one byte (0-255) into a running CRC register (start with CRC32_START). */
export function crc32Step(crc: number, byte: number): number {
  crc = (crc >>> 4) ^ NIBBLE_TABLE[(crc ^ byte) & 15];
  return (crc >>> 4) ^ NIBBLE_TABLE[(crc ^ (byte >>> 4)) & 15];
}

/** The CRC value of a running register: its complement, as an unsigned 32-bit number. */
export function crc32Finish(crc: number): number {
  return ~crc >>> 0;
}

/** CRC-32 of bytes. */
export function crc32Bytes(bytes: Uint8Array): number {
  let crc = CRC32_START;
  for (let i = 0; i < bytes.length; i++) crc = crc32Step(crc, bytes[i]);
  return crc32Finish(crc);
}

/** CRC-32 of an 8-bit string (one byte per char; a char above 0xFF counts as its low byte). */
export function crc32String(text: string): number {
  let crc = CRC32_START;
  for (let i = 0; i < text.length; i++) crc = crc32Step(crc, text.charCodeAt(i) & 0xff);
  return crc32Finish(crc);
}

/** An unsigned 32-bit number as 8 lower-case hex digits. */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
