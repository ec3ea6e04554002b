// application/x-www-form-urlencoded bodies, sent the way the C SDKs send them: values raw, in a fixed order.
// Every legal ProductKey, DeviceName, random and hex char decodes to itself, so raw is exact. Only chars that
// would change the form's meaning (& = + % # and anything outside printable ASCII) are percent-encoded; they
// can appear only in a custom clientId.

const HEX = '0123456789ABCDEF';

/**
 * `k1=v1&k2=v2…` in the given order. Names are taken as they are (they are protocol constants); each value is
 * printable ASCII as-is except & = + % #, other chars (0-255) as %XX.
 */
export function formBody(fields: [string, string][]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i][1];
    out += (i > 0 ? '&' : '') + fields[i][0] + '=';
    for (let j = 0; j < value.length; j++) {
      const c = value.charCodeAt(j);
      if (c > 32 && c < 127 && c !== 38 && c !== 61 && c !== 43 && c !== 37 && c !== 35) out += value.charAt(j);
      else out += '%' + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15);
    }
  }
  return out;
}

/** One form value, encoded as formBody encodes it. */
export function formValue(value: string): string {
  return formBody([['', value]]).substring(1);
}
