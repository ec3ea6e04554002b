// Admin input the registry refuses (the protocol paths return Outcome values instead of throwing).

export type RegistryErrorKind = 'invalid' | 'conflict' | 'not-found';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
