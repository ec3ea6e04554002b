// The ESP serial download protocol's vocabulary, as the ROM-bootloader double speaks it: command numbers,
// error codes, little-endian words, and the XOR checksum (seed 0xEF) that data commands carry.

export const ESP32_MAGIC = 0x00f01d83;

export const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
} as const;

export type OpName = keyof typeof OP;
export const OP_NAMES = new Map<number, OpName>(Object.entries(OP).map(([name, op]) => [op, name as OpName]));

/** ROM error codes (second status byte). */
export const ERR = { INVALID_MESSAGE: 0x05, FAILED_TO_ACT: 0x06, BAD_CHECKSUM: 0x07, FLASH_WRITE: 0x08, DEFLATE: 0x0b } as const;

export const CHECKSUM_SEED = 0xef;
export function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

export function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export function checksum(data: Uint8Array): number {
  let state = CHECKSUM_SEED;
  for (const byte of data) state ^= byte;
  return state;
}
