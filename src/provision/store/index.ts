// src/provision/store: the crash-safe credential store and the read side of the factory certificate.

export type { StoredCredential, StoredDeviceSecret, StoredDeviceToken, StoredIotToken } from './credential';
export { CREDENTIAL_TAG, checkCredential, encodeCredential, decodeCredential } from './credential';
export type { CredentialStore, LoadResult, SaveResult, StoreError, StoreName, SlotName } from './credential-store';
export { createCredentialStore, storeKeys, readSlotText, STORE_LOG_TAG } from './credential-store';
export type { DecodedRecord } from './record';
export { encodeRecord, decodeRecord } from './record';
export { encodeFields, decodeFields } from './fields';
export type { DeviceNameResult } from './device-name';
export { deriveDeviceName, DEVICE_NAME_FORMATS } from './device-name';
export type { FactoryRecord, FactoryCertificate, FactoryResult, FactoryEncodeResult } from './factory';
export {
  FACTORY_KEY,
  FACTORY_TAG,
  checkFactoryRecord,
  encodeFactoryRecord,
  decodeFactoryRecord,
  readFactoryCertificate,
} from './factory';
