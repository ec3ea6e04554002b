import type { ConnackRefusal } from '../mqtt/client/types';
import type { ProvisionError } from '../provision/errors';
import type { ActiveCredential, DeviceIdentity } from './credentials';
import type { LinkError } from './types';

// What the link says when the cloud refuses: typed, with the cause and the remedy a person can act on.

/** A failed registration: halt (ALREADY_ACTIVE, or refused for good) or retry after a backoff. */
export function registrationFailure(error: ProvisionError): { error: LinkError; retrying: boolean } {
  if (error.code === 'ALREADY_ACTIVE') {
    return { error: { code: 'ALREADY_ACTIVE', message: error.message, cloudCode: error.cloudCode }, retrying: false };
  }
  if (error.retryable || error.code === 'BUSY') {
    return { error: { code: 'REGISTRATION_FAILED', message: 'registration failed, will retry: ' + error.message, cloudCode: error.cloudCode }, retrying: true };
  }
  return {
    error: { code: 'REGISTRATION_REJECTED', message: 'registration refused: ' + error.message, cloudCode: error.cloudCode, field: error.field },
    retrying: false,
  };
}

/** CONNACK 4/5 for a credential the device holds: never a silent re-registration. */
export function rejectedCredentialError(active: ActiveCredential, id: DeviceIdentity, refusal: ConnackRefusal): LinkError {
  const what = active.kind === 'deviceToken' ? 'deviceToken' : 'DeviceSecret';
  const origin = active.origin === 'configured' ? 'configured' : 'stored';
  return {
    code: 'CREDENTIALS_REJECTED',
    cloudCode: refusal.returnCode,
    message:
      'credentials rejected: the cloud refused the ' + origin + ' ' + what + ' of ' + id.productKey + '.' + id.deviceName +
      ' (CONNACK ' + refusal.returnCode + '). Likely causes: the device was reset or deleted in the console (ResetThing) and its secret ' +
      're-issued, the ProductKey or DeviceName is not this device\'s, or the product changed. The link keeps the secret and retries ' +
      'after a long backoff; it does not register again on its own.',
  };
}
