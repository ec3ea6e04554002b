// Which stored values are secret, and how a secret is shown when it must be mentioned at all.
//
// Convention: a KV key whose name contains (in any letter case) one of SECRET_KEY_WORDS holds a secret,
// e.g. 'deviceSecret', 'productSecret', 'mqttToken', 'cred', 'wifiPass', 'privKey'. hal/node never logs
// such a value: its debug lines show maskSecret(value) instead. src/ names its secret keys accordingly.

export const SECRET_KEY_WORDS: readonly string[] = ['secret', 'token', 'cred', 'pass', 'pwd', 'priv'];

/** True when the key's name marks its value as secret. */
export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase();
  return SECRET_KEY_WORDS.some((word) => name.includes(word));
}

/**
 * The form a secret may appear in: its first 4 characters and '…'. Values shorter than 8 characters show
 * only '…', so a mask never reveals half of a short secret.
 */
export function maskSecret(value: string): string {
  return value.length >= 8 ? `${value.slice(0, 4)}…` : '…';
}

/** How a stored value appears in a log line: masked when the key is secret, else quoted and shortened. */
export function describeValue(key: string, value: string): string {
  if (isSecretKey(key)) return `${maskSecret(value)} (${value.length} chars, secret)`;
  const shown = value.length > 48 ? `${value.slice(0, 48)}…` : value;
  return `${JSON.stringify(shown)} (${value.length} chars)`;
}
