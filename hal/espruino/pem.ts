// CA certificates for require("tls").connect: Espruino's mbedtls has no PEM parser, so each certificate
// goes in as a DER string — the base64 between the PEM armour lines, through atob (spec/espruino.md §1b).
import { decodeBase64 } from './natives';

const BEGIN = '-----BEGIN ';
const END = '-----END ';

/** The DER string of the first certificate in a PEM text, or undefined when it holds none. */
export function firstPemToDer(pem: string): string | undefined {
  const start = pem.indexOf(BEGIN);
  if (start < 0) return undefined;
  const bodyStart = pem.indexOf('\n', start);
  const end = pem.indexOf(END, start + BEGIN.length);
  if (bodyStart < 0 || end < 0 || end < bodyStart) return undefined;
  const base64 = pem.substring(bodyStart + 1, end).replace(/[^A-Za-z0-9+\/=]/g, '');
  if (base64.length === 0) return undefined;
  try {
    return decodeBase64(base64);
  } catch (e) {
    return undefined;
  }
}

/**
 * The DER string Espruino gets for a list of PEM roots: the first one that decodes. Espruino does not verify
 * the server (caps.tlsVerifiesPeer false) and its `ca` option takes one certificate, so one is enough.
 */
export function caForEspruino(pems: string[] | undefined): string | undefined {
  if (!pems) return undefined;
  for (let i = 0; i < pems.length; i++) {
    const der = firstPemToDer(pems[i]);
    if (der !== undefined) return der;
  }
  return undefined;
}
