// The CA roots a board may name in its caBundle, by name. Pure data (compiled for the device too).
//
// spec/protocol.md §5 recommends R1 + R6 + "Aliyun IoT Root CA" (the private root behind port 8883).
// The Aliyun IoT Root CA is NOT bundled: no copy with the published SHA-256
// (7C:A4:38:A3:97:6B:52:42:D2:31:F8:61:49:98:22:DA:85:58:31:38:27:35:83:6B:36:1E:7E:97:15:66:16:76)
// was found in a package we could inspect (the npm packages alibabacloud-iot-device-sdk 1.2.8,
// aliyun-iot-device-sdk 1.0.1 and aliyun-iot-mqtt 0.0.1 carry no certificate). Until a verified copy is
// added here, the bundle is R1 + R6, which covers the endpoints that present the GlobalSign chain
// (1883/443, dynamic registration over HTTPS); a verifying board cannot reach 8883 with it.
import { globalSignRootCaR1 } from './globalsign-r1';
import { globalSignRootCaR6 } from './globalsign-r6';

export interface CaRoots {
  [name: string]: string;
}

/** PEM text by root name. */
export const caRoots: CaRoots = {
  'globalsign-r1': globalSignRootCaR1,
  'globalsign-r6': globalSignRootCaR6,
};

/** The roots for the real Alibaba cloud, in the order a device should offer them. */
export const alibabaCloudBundle: string[] = ['globalsign-r1', 'globalsign-r6'];
