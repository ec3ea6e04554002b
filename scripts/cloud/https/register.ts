// POST /auth/register/device (protocol.md §1): productKey, deviceName, random, sign, signMethod.
// Checks, in order: the form's fields (460), the product (6250), the sign with the ProductSecret (401), then
// the registry's rules: dynamic registration on (6288), device pre-registered (6100), not yet active (6289).

import { maskSecret } from '../../../src/util/mask';
import { HttpsCode } from '../codes';
import { parseSignMethod, verifyDynregSign } from '../verify';
import type { FormHandler } from './context';
import { deviceNameField, productKeyField, randomField, signField } from './fields';
import { protocolError, protocolSuccess } from './reply';

const REFUSAL_CODES = {
  'product-not-found': HttpsCode.PRODUCT_NOT_FOUND,
  'dynreg-disabled': HttpsCode.DYNREG_DISABLED,
  'device-not-found': HttpsCode.DEVICE_NOT_FOUND,
  'already-active': HttpsCode.ALREADY_ACTIVE,
} as const;

export const handleRegister: FormHandler = (fields, ctx) => {
  const productKey = productKeyField(fields);
  if (!productKey.ok) return protocolError(HttpsCode.PARAM_ERROR, productKey.detail);
  const deviceName = deviceNameField(fields);
  if (!deviceName.ok) return protocolError(HttpsCode.PARAM_ERROR, deviceName.detail);
  const random = randomField(fields);
  if (!random.ok) return protocolError(HttpsCode.PARAM_ERROR, random.detail);
  const sign = signField(fields);
  if (!sign.ok) return protocolError(HttpsCode.PARAM_ERROR, sign.detail);
  const signMethod = parseSignMethod(fields.get('signMethod'));
  if (!signMethod) return protocolError(HttpsCode.PARAM_ERROR, 'signMethod must be hmacsha256, hmacsha1 or hmacmd5');

  const product = ctx.registry.products.get(productKey.value);
  if (!product) return protocolError(HttpsCode.PRODUCT_NOT_FOUND, `product ${productKey.value} not found`);
  const signed = verifyDynregSign({
    productKey: productKey.value,
    deviceName: deviceName.value,
    productSecret: product.productSecret,
    random: random.value,
    signMethod,
    sign: sign.value,
  });
  if (!signed) return protocolError(HttpsCode.AUTH_ERROR, 'sign does not verify with the ProductSecret');

  const outcome = ctx.registry.lifecycle.register(productKey.value, deviceName.value, ctx.now());
  if (!outcome.ok) {
    const code = REFUSAL_CODES[outcome.reason as keyof typeof REFUSAL_CODES] ?? HttpsCode.UNKNOWN;
    return protocolError(code, outcome.reason);
  }
  const r = outcome.value;
  ctx.events.emitEvent({
    type: 'registered',
    via: 'https',
    authType: 'register',
    productKey: r.productKey,
    deviceName: r.deviceName,
    secret: maskSecret(r.deviceSecret),
  });
  return protocolSuccess({ deviceName: r.deviceName, deviceSecret: r.deviceSecret, productKey: r.productKey });
};
