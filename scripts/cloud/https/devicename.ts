// POST /auth/devicename (protocol.md §4, HTTPS authentication): productKey, deviceName, sign, signmethod
// (default hmacmd5, as the docs say), optional clientId and timestamp, version, resources.
// The sign is the §3 password over clientId, deviceName, productKey and timestamp (those present), keyed with
// the DeviceSecret. Success: a fresh iotToken valid 7 days, the device's iotId, and where MQTT is.

import { maskSecret } from '../../../src/util/mask';
import { check } from '../../../src/auth/index';
import { HttpsCode } from '../codes';
import { parseSignMethod, verifyDevicePassword } from '../verify';
import type { FormHandler } from './context';
import { deviceNameField, optionalTimestamp, productKeyField, signField } from './fields';
import { protocolError, protocolSuccess } from './reply';

export const handleDevicename: FormHandler = (fields, ctx) => {
  const productKey = productKeyField(fields);
  if (!productKey.ok) return protocolError(HttpsCode.PARAM_ERROR, productKey.detail);
  const deviceName = deviceNameField(fields);
  if (!deviceName.ok) return protocolError(HttpsCode.PARAM_ERROR, deviceName.detail);
  const sign = signField(fields);
  if (!sign.ok) return protocolError(HttpsCode.PARAM_ERROR, sign.detail);
  const signMethod = parseSignMethod(fields.get('signmethod') ?? 'hmacmd5');
  if (!signMethod) return protocolError(HttpsCode.PARAM_ERROR, 'signmethod must be hmacsha256, hmacsha1 or hmacmd5');
  const timestamp = optionalTimestamp(fields);
  if (!timestamp.ok) return protocolError(HttpsCode.PARAM_ERROR, timestamp.detail);
  const clientId = fields.get('clientId');
  const clientIdError = clientId === undefined ? null : check('clientId', clientId);
  if (clientIdError) return protocolError(HttpsCode.PARAM_ERROR, clientIdError.message);

  const product = ctx.registry.products.get(productKey.value);
  const device = product && ctx.registry.devices.get(productKey.value, deviceName.value);
  if (!product || !device) return protocolError(HttpsCode.META_DEVICE_NOT_FOUND, 'device not found');
  if (device.deviceSecret === null) return protocolError(HttpsCode.AUTH_TYPE_MISMATCH, 'the device holds no DeviceSecret');
  const signed = verifyDevicePassword({
    productKey: productKey.value,
    deviceName: deviceName.value,
    deviceSecret: device.deviceSecret,
    clientIdBase: clientId ?? null,
    timestamp: timestamp.value,
    signMethod,
    password: sign.value,
  });
  if (!signed) return protocolError(HttpsCode.AUTH_ERROR, 'sign does not verify with the DeviceSecret');

  const issued = ctx.registry.lifecycle.issueIotToken(productKey.value, deviceName.value, ctx.now());
  if (!issued.ok) return protocolError(HttpsCode.META_DEVICE_NOT_FOUND, issued.reason);
  ctx.events.emitEvent({
    type: 'token-issued',
    productKey: productKey.value,
    deviceName: deviceName.value,
    iotId: issued.value.iotId,
    iotToken: maskSecret(issued.value.iotToken),
  });
  const mqtt = ctx.mqttTarget(product);
  return protocolSuccess({
    iotId: issued.value.iotId,
    iotToken: issued.value.iotToken,
    resources: { mqtt: { host: mqtt.host, port: mqtt.port } },
  });
};
