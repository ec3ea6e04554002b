// Features chosen at build time, as the Link Kit SDK chooses its FEATURE_* flags in make.setting. The image
// bundler replaces each ALIOT_* name below with the board's value (boards/*.ts, image.features), and the code a
// false one guards is dropped from the image as dead code. On Node (tests, the simulator, host tools) nothing
// replaces them, so this module makes every feature present; a test switches one off by setting its global.
// A module that reads a feature imports this one for that effect.

declare global {
  /** Dynamic registration over HTTPS (registration 'https'). */
  const ALIOT_REGISTER_HTTPS: boolean;
  /** Dynamic registration over MQTT of a pre-registered device (registration 'mqtt-register'). */
  const ALIOT_REGISTER_MQTT: boolean;
  /** Registration over MQTT without pre-registration (registration 'mqtt-regnwl') and its connwl login. */
  const ALIOT_REGISTER_NWL: boolean;
  /** HTTPS authentication mode (authMode 'https': /auth/devicename, then an iotToken login). */
  const ALIOT_AUTH_HTTPS: boolean;
  /** The hmacsha1 sign method. */
  const ALIOT_SIGN_SHA1: boolean;
  /** The hmacmd5 sign method (and our own MD5: no board has it natively). */
  const ALIOT_SIGN_MD5: boolean;
  /** Our own SHA-256 and SHA-1, for boards without native ones. */
  const ALIOT_PURE_HASH: boolean;
  /** Log lines at info level (warnings and errors are always built in). */
  const ALIOT_LOG_INFO: boolean;
  /** Log lines at debug level. */
  const ALIOT_LOG_DEBUG: boolean;
}

/** Makes a feature present where no bundler replaced its name (Node); unused, and so dropped, in an image. */
function present(name: string): void {
  (globalThis as unknown as { [name: string]: boolean })[name] = true;
}

if (typeof ALIOT_REGISTER_HTTPS === 'undefined') present('ALIOT_REGISTER_HTTPS');
if (typeof ALIOT_REGISTER_MQTT === 'undefined') present('ALIOT_REGISTER_MQTT');
if (typeof ALIOT_REGISTER_NWL === 'undefined') present('ALIOT_REGISTER_NWL');
if (typeof ALIOT_AUTH_HTTPS === 'undefined') present('ALIOT_AUTH_HTTPS');
if (typeof ALIOT_SIGN_SHA1 === 'undefined') present('ALIOT_SIGN_SHA1');
if (typeof ALIOT_SIGN_MD5 === 'undefined') present('ALIOT_SIGN_MD5');
if (typeof ALIOT_PURE_HASH === 'undefined') present('ALIOT_PURE_HASH');
if (typeof ALIOT_LOG_INFO === 'undefined') present('ALIOT_LOG_INFO');
if (typeof ALIOT_LOG_DEBUG === 'undefined') present('ALIOT_LOG_DEBUG');

export {};
