// One console line per cloud event (the `aliot cloud start` live stream). Secrets arrive already masked.

import type { CloudEvent } from './events';

function who(pk: string | undefined, dn: string | undefined): string {
  if (pk === undefined && dn === undefined) return '-';
  return `${pk ?? '?'}/${dn ?? '?'}`;
}

function describe(e: CloudEvent): string {
  switch (e.type) {
    case 'product-added':
      return `product ${e.productKey} added (dynamic registration ${e.dynamicRegistration ? 'on' : 'off'}, ${e.region}, secret ${e.productSecret})`;
    case 'devices-added':
      return `devices added to ${e.productKey}: ${e.deviceNames.join(', ')}`;
    case 'registered':
      return `registered ${who(e.productKey, e.deviceName)} over ${e.via} (${e.authType}) → ${e.authType === 'regnwl' ? 'deviceToken' : 'DeviceSecret'} ${e.secret}`;
    case 'token-issued':
      return `https auth ${who(e.productKey, e.deviceName)} → iotId ${e.iotId}, iotToken ${e.iotToken}`;
    case 'refused':
      return `refused ${who(e.productKey, e.deviceName)} over ${e.via}: ${e.code} ${e.reason}${e.clientId ? ` (clientId ${e.clientId})` : ''}`;
    case 'login':
      return `login ${who(e.productKey, e.deviceName)} securemode=${e.secureMode} over ${e.transport}${e.activated ? ', activated' : ''} (clientId ${e.clientId})`;
    case 'logout':
      return `offline ${who(e.productKey, e.deviceName)} (clientId ${e.clientId})`;
    case 'kicked':
      return `kicked ${who(e.productKey, e.deviceName)} clientId ${e.clientId}: the same device logged in as ${e.byClientId}`;
    case 'published':
      return `${e.direction === 'up' ? '↑' : '↓'} ${who(e.productKey, e.deviceName)} ${e.topic} qos${e.qos} ${e.bytes} B ${e.preview}`;
    case 'denied':
      return `denied ${e.action} ${e.topic} for ${who(e.productKey, e.deviceName)}`;
    case 'dropped':
      return `dropped MQTT connection from ${e.address}${e.productKey ? ` (${who(e.productKey, e.deviceName)})` : ''}: ${e.reason}`;
    case 'reset':
      return `ResetThing ${who(e.productKey, e.deviceName)}: registration allowed again`;
  }
}

export function formatEvent(event: CloudEvent): string {
  const time = new Date(event.at).toISOString().slice(11, 23);
  return `${time} ${describe(event)}`;
}
