// aliot cloud: a local Alibaba Cloud IoT Platform emulator (dynamic registration over HTTPS and MQTT, HTTPS
// authentication, an MQTT broker with Alibaba authentication and topic ACL, a durable registry, a local CA).

export { startCloud, DEFAULT_PORTS, STATE_FILE, type CloudOptions, type RunningCloud } from './cloud';
export { CloudEvents, type CloudEvent, type CloudEventType, type CloudEventOf } from './events';
export { formatEvent } from './format';
export { cloudHostMap, type CloudHostMap } from './host-map';
export { HttpsCode, HTTPS_MESSAGES, Connack, LoginConnack, DynregConnack } from './codes';
export { Registry, RegistryError, IOT_TOKEN_TTL_MS } from './registry/index';
export type { Product, Device, DeviceState, NewProduct, AddDevicesResult } from './registry/index';
export { ConsoleOperations } from './admin/operations';
export { productView, deviceView, type ProductView, type DeviceView } from './admin/views';
export { loadOrCreateTls, serverNames, type CloudTls } from './tls/index';
export { topicAllowed, type Identity } from './mqtt/acl';
export { parseClientId } from './mqtt/client-id';
export { nodeHashHal } from './verify';
export { PortError } from './mqtt/broker';
export { ADMIN_TOKEN_FILE, readAdminToken } from './admin/token';
export { DEFAULT_WIRE_LIMITS, PacketSizeTracker, type WireLimits } from './mqtt/wire-guard';
