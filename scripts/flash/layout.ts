// Where the parts of an Espruino firmware go in flash (spec/espruino.md §2, from espruino/Espruino's
// make/targets/ESP32.make): classic ESP32 bootloader 0x1000, partition table 0x8000, app 0x10000; the IDF4
// builds for ESP32-C3/S3 put the bootloader at 0x0. A board descriptor may carry its own `flash` layout.
import type { BoardDescriptor } from '../../hal/types';

export type FirmwarePart = 'bootloader' | 'partitions' | 'app';

export interface FlashLayout {
  /** The chip esptool-js must find (its CHIP_NAME): 'ESP32', 'ESP32-C3', 'ESP32-S3'. */
  chip: string;
  offsets: Record<FirmwarePart, number>;
  /** The largest app the partition table has room for, bytes. */
  maxAppBytes?: number;
}

/** Classic ESP32, official Espruino build: factory app partition 1536 KB (ESP32_FLASH_MAX = 1572864, §1a). */
export const ESP32_LAYOUT: FlashLayout = {
  chip: 'ESP32',
  offsets: { bootloader: 0x1000, partitions: 0x8000, app: 0x10000 },
  maxAppBytes: 1572864,
};

export const LAYOUTS: Record<string, FlashLayout> = {
  esp32: ESP32_LAYOUT,
  esp32c3: { chip: 'ESP32-C3', offsets: { bootloader: 0x0, partitions: 0x8000, app: 0x10000 } },
  esp32s3: { chip: 'ESP32-S3', offsets: { bootloader: 0x0, partitions: 0x8000, app: 0x10000 } },
};

/** The board descriptor's `flash` layout when it has one (an optional field), else the one for its chip. */
export function layoutForBoard(board: BoardDescriptor | undefined, chip?: string): FlashLayout {
  const own = (board as (BoardDescriptor & { flash?: FlashLayout }) | undefined)?.flash;
  if (own) return own;
  const key = (chip ?? 'esp32').toLowerCase().replace(/[^a-z0-9]/g, '');
  const layout = LAYOUTS[key];
  if (!layout) throw new Error(`unknown chip "${chip}": use one of ${Object.keys(LAYOUTS).join(', ')}`);
  return layout;
}

/** "bootloader=0x1000,partitions=0x8000,app=0x10000" over a layout. */
export function parseOffsets(text: string, base: FlashLayout): FlashLayout {
  const offsets = { ...base.offsets };
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, value] = item.split('=');
    if (key !== 'bootloader' && key !== 'partitions' && key !== 'app') throw new Error(`--offsets: unknown part "${key}" (bootloader, partitions, app)`);
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n % 0x1000 !== 0) throw new Error(`--offsets: ${key}=${value} is not a 4 KB-aligned address`);
    offsets[key] = n;
  }
  return { ...base, offsets };
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
