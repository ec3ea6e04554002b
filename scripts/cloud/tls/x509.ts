// @peculiar/x509 on Node's WebCrypto: RSA-2048 or ECDSA P-256 keys with SHA-256 signatures, PEM in and out.
// RSA is the default: Espruino's mbedtls (and so an ESP32 running Espruino) offers only RSA and DHE-RSA key
// exchange, no ECDHE and no ECDSA, so it cannot handshake with a server holding an EC certificate; Alibaba's
// real endpoints serve RSA certificates too.
import 'reflect-metadata';
import { createPrivateKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };

export type KeyPair = webcrypto.CryptoKeyPair;
export type Key = webcrypto.CryptoKey;

/** `rsa`: RSA-2048, RSASSA-PKCS1-v1_5 with SHA-256. `ec`: ECDSA P-256 with SHA-256. */
export type KeyType = 'rsa' | 'ec';
export const KEY_TYPES: readonly KeyType[] = ['rsa', 'ec'];
export const DEFAULT_KEY_TYPE: KeyType = 'rsa';

const RSA_BITS = 2048;
const EC_CURVE = 'P-256';

/** What a key type is called where people read it. */
export const KEY_LABELS: Record<KeyType, string> = { rsa: `RSA-${RSA_BITS}`, ec: `EC ${EC_CURVE}` };

/** WebCrypto parameters for generating and importing keys of a type. */
function keyAlgorithm(type: KeyType): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return type === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: RSA_BITS, publicExponent: new Uint8Array([1, 0, 1]) }
    : { name: 'ECDSA', namedCurve: EC_CURVE };
}

/** The signature algorithm a key of this type signs certificates with. */
export function signingAlgorithm(type: KeyType): webcrypto.RsaHashedImportParams | webcrypto.EcdsaParams {
  return type === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export async function generateKeys(type: KeyType): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(keyAlgorithm(type), true, ['sign', 'verify'])) as KeyPair;
}

export async function privateKeyPem(key: Key): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

/** The type of a key, read from its algorithm identifier; undefined for anything but RSA-2048 and EC P-256. */
function typeOfKeyObject(key: KeyObject): KeyType | undefined {
  if (key.asymmetricKeyType === 'rsa' && key.asymmetricKeyDetails?.modulusLength === RSA_BITS) return 'rsa';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ec';
  return undefined;
}

/** The key type of a certificate's public key (PEM), or undefined when it is neither of ours. */
export function certificateKeyType(pem: string): KeyType | undefined {
  try {
    return typeOfKeyObject(new X509Certificate(pem).publicKey);
  } catch {
    return undefined;
  }
}

/** A PKCS#8 private key (PEM), imported with the algorithm its own algorithm identifier names. */
export async function importPrivateKey(pem: string): Promise<{ key: Key; type: KeyType }> {
  const type = typeOfKeyObject(createPrivateKey(pem));
  if (!type) throw new Error('private key is neither RSA-2048 nor EC P-256');
  const der = x509.PemConverter.decode(pem)[0];
  const key = await webcrypto.subtle.importKey('pkcs8', der, keyAlgorithm(type), true, ['sign']);
  return { key, type };
}

/** A certificate's public key as a WebCrypto verification key of its own type. */
export async function importPublicKey(certificate: x509.X509Certificate, type: KeyType): Promise<Key> {
  return certificate.publicKey.export(keyAlgorithm(type), ['verify']);
}

/** A random positive serial number, hex. */
export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return Buffer.from(bytes).toString('hex');
}
