import type { ImageFeatures } from '../hal/types';

/** Everything: the image tested on Node and on the 8,000-JsVar engine through every way in. */
export const ALL_FEATURES: ImageFeatures = {
  registerHttps: true,
  registerMqtt: true,
  registerNwl: true,
  authHttps: true,
  signSha1: true,
  signMd5: true,
  logLevel: 'debug',
};

/**
 * A classic ESP32's image: per-device certificate and HTTPS registration, MQTT over TLS signed with hmacsha256,
 * warnings and errors only. What the Link Kit SDK's default make.setting leaves on for a dynreg device.
 */
export const LEAN_FEATURES: ImageFeatures = {
  registerHttps: true,
  registerMqtt: false,
  registerNwl: false,
  authHttps: false,
  signSha1: false,
  signMd5: false,
  logLevel: 'warn',
};
