// aliot: the device runtime's public API.
//   const link = createLink(hal, board, config); link.on('online', …); link.start();
export { createLink, type Link, type LinkCallError } from './link/index';
export type {
  LinkConfig,
  LinkState,
  LinkEvent,
  LinkEventType,
  LinkError,
  LinkErrorCode,
  LinkStats,
  DeviceIdentity,
  Listener,
  RegistrationMethod,
} from './link/index';
export * from './thing/index';
