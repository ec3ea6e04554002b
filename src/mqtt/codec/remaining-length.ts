// The fixed header's Remaining Length: a variable-length integer, 7 bits per byte, low bits first, at most
// 4 bytes [MQTT-2.2.3]. Decoding happens byte by byte inside the decoder's state machine (decoder.ts).

/** How many bytes `value` (0..268435455) takes as a remaining length. */
export function remainingLengthSize(value: number): number {
  if (value < 128) return 1;
  if (value < 16384) return 2;
  if (value < 2097152) return 3;
  return 4;
}

/** Writes `value` (0..268435455) at `pos`; returns the position after it. */
export function writeRemainingLength(buf: Uint8Array, pos: number, value: number): number {
  let rest = value;
  do {
    let digit = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) digit |= 0x80;
    buf[pos++] = digit;
  } while (rest > 0);
  return pos;
}

/** The weight of the `index`-th (0-based) remaining-length byte: 1, 128, 16384, 2097152. */
export function remainingLengthWeight(index: number): number {
  let weight = 1;
  for (let i = 0; i < index; i++) weight *= 128;
  return weight;
}
