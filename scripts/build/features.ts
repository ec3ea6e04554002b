import type { BoardDescriptor } from '../../hal/types';
import { ALL_FEATURES } from '../../boards/features';

/**
 * The bundler's constants for one board's image: each ALIOT_* global that src/features.ts declares, set from the
 * board's image.features (every feature when it names none) and, for our own hashes, from its capabilities.
 */
export function featureDefines(board: BoardDescriptor): Record<string, string> {
  const f = board.image?.features ?? ALL_FEATURES;
  const values: Record<string, boolean> = {
    ALIOT_REGISTER_HTTPS: f.registerHttps,
    ALIOT_REGISTER_MQTT: f.registerMqtt,
    ALIOT_REGISTER_NWL: f.registerNwl,
    ALIOT_AUTH_HTTPS: f.authHttps,
    ALIOT_SIGN_SHA1: f.signSha1,
    ALIOT_SIGN_MD5: f.signMd5,
    ALIOT_PURE_HASH: !board.caps.hasNativeHash,
    ALIOT_LOG_INFO: f.logLevel !== 'warn',
    ALIOT_LOG_DEBUG: f.logLevel === 'debug',
  };
  const define: Record<string, string> = {};
  for (const [name, on] of Object.entries(values)) define[name] = on ? 'true' : 'false';
  return define;
}
