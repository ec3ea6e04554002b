// A scripted Alibaba cloud for link tests on the mock board: HTTPS dynamic registration (spec §1, with the
// activation rules) and the MQTT login (spec §3), on the mock network, deterministic, with switches for the
// failures the link must survive. Signatures are checked with src/auth, fed node:crypto hashes.
import { createHash, randomBytes } from 'node:crypto';
import mqttPacket from 'mqtt-packet';
import type { MockBoard, MockPeer } from '../../../hal/mock';
import { devicePassword, dynregSign, type HashHal, type SignMethod } from '../../../src/auth';

export const CLOUD_CA = 'scripted-cloud-ca';
export const PK = 'a1ExpAkj9Hi';
export const PS = 'ffFnFlKQW3HYjjPR';
export const AUTH_HOST = 'iot-auth.cn-shanghai.aliyuncs.com';
export const MQTT_HOST = `${PK}.iot-as-mqtt.cn-shanghai.aliyuncs.com`;

const hashHal: HashHal = {
  hash: {
    sha256: (d) => new Uint8Array(createHash('sha256').update(d).digest()),
    sha1: (d) => new Uint8Array(createHash('sha1').update(d).digest()),
    md5: (d) => new Uint8Array(createHash('md5').update(d).digest()),
  },
};

export interface CloudDevice {
  secret?: string;
  active: boolean;
  /** Every secret ever issued, in order. */
  issued: string[];
  hadSession: boolean;
}

interface Session {
  peer: MockPeer;
  dn: string;
  connectedAt: number;
}

export interface ScriptedCloudOptions {
  /** The seed document's stricter rule: any second registration is refused, activated or not. */
  strictRegistration?: boolean;
  /** Devices must be pre-registered (the console's batch import); default: any name is accepted. */
  requirePreRegistration?: boolean;
}

export class ScriptedCloud {
  readonly devices = new Map<string, CloudDevice>();
  registrations = 0;
  /** Registration requests answered with 6289. */
  refusedAsActive = 0;
  logins = 0;
  /** Application messages the devices published, in order. */
  readonly received: { dn: string; topic: string; payload: string }[] = [];
  /** Every MQTT connection attempt, with the virtual time it reached the cloud. */
  readonly attempts: { dn: string; at: number }[] = [];
  /** Answer nothing on either endpoint (connections are accepted, then dropped). */
  down = false;
  /** Drop every MQTT session this long after CONNACK (another device with the same identity). */
  kickAfterMs: number | undefined;
  /** Called when a registration issued a secret (before the reply leaves). */
  onIssued: ((dn: string, secret: string) => void) | undefined;
  private sessions: Session[] = [];

  constructor(private readonly options: ScriptedCloudOptions = {}) {}

  preRegister(dn: string): void {
    if (!this.devices.has(dn)) this.devices.set(dn, { active: false, issued: [], hadSession: false });
  }

  /** ResetThing: registration is allowed again. */
  reset(dn: string): void {
    const d = this.devices.get(dn);
    if (d) d.active = false;
  }

  online(dn: string): boolean {
    return this.sessions.some((s) => s.dn === dn && s.peer.open);
  }

  /** Sends an application message to a device's live session. */
  publishTo(dn: string, topic: string, payload: string, qos: 0 | 1 = 0): void {
    for (const s of this.sessions) {
      if (s.dn === dn && s.peer.open) {
        s.peer.send(new Uint8Array(mqttPacket.generate({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, messageId: qos ? 7 : undefined, retain: false, dup: false } as mqttPacket.IPublishPacket)));
      }
    }
  }

  kickAll(): void {
    for (const s of this.sessions) if (s.peer.open) s.peer.reset();
  }

  /** Serves both endpoints on this board's network, with a certificate from CLOUD_CA. */
  attach(board: MockBoard): void {
    board.net.listen(`${AUTH_HOST}:443`, (peer) => this.serveHttps(peer), { tls: { ca: CLOUD_CA, names: [AUTH_HOST] } });
    board.net.listen(`${MQTT_HOST}:8883`, (peer) => this.serveMqtt(peer, board), { tls: { ca: CLOUD_CA, names: ['*.iot-as-mqtt.cn-shanghai.aliyuncs.com'] } });
  }

  // ------------------------------------------------------------------------------------------- HTTPS

  private serveHttps(peer: MockPeer): void {
    let text = '';
    peer.onData = (bytes) => {
      text += Buffer.from(bytes).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(text.slice(0, head))?.[1] ?? 0);
      if (text.length < head + 4 + length) return;
      if (this.down) return;
      const body = this.register(new URLSearchParams(text.slice(head + 4, head + 4 + length)));
      peer.send(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      peer.end();
    };
  }

  private register(form: URLSearchParams): string {
    const pk = form.get('productKey') ?? '';
    const dn = form.get('deviceName') ?? '';
    const expected = dynregSign(hashHal, { productKey: pk, deviceName: dn, productSecret: PS, random: form.get('random') ?? '', signMethod: (form.get('signMethod') ?? '') as SignMethod });
    if (pk !== PK || !expected.ok || expected.value.toUpperCase() !== (form.get('sign') ?? '').toUpperCase()) {
      return JSON.stringify({ code: 401, message: 'request auth error' });
    }
    if (this.options.requirePreRegistration && !this.devices.has(dn)) return JSON.stringify({ code: 6100, message: 'device not found' });
    this.preRegister(dn);
    const device = this.devices.get(dn)!;
    if (device.active || (this.options.strictRegistration && device.issued.length > 0)) {
      this.refusedAsActive++;
      return JSON.stringify({ code: 6289, message: 'device is already active' });
    }
    const secret = randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 32).padEnd(32, 'x');
    device.secret = secret; // only the newest secret is valid before activation
    device.issued.push(secret);
    this.registrations++;
    this.onIssued?.(dn, secret);
    return JSON.stringify({ code: 200, data: { productKey: pk, deviceName: dn, deviceSecret: secret }, message: 'success' });
  }

  // ------------------------------------------------------------------------------------------- MQTT

  private serveMqtt(peer: MockPeer, board: MockBoard): void {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    let session: Session | undefined;
    const send = (packet: object) => peer.send(new Uint8Array(mqttPacket.generate(packet as mqttPacket.Packet)));
    parser.on('packet', (packet: mqttPacket.Packet) => {
      if (this.down) return;
      if (packet.cmd === 'connect') {
        const outcome = this.login(packet);
        this.attempts.push({ dn: outcome.dn, at: board.clock.now() });
        if (outcome.code !== 0) {
          send({ cmd: 'connack', returnCode: outcome.code, sessionPresent: false });
          peer.end();
          return;
        }
        for (const s of this.sessions) if (s.dn === outcome.dn && s.peer.open) s.peer.reset(); // the newest login wins
        session = { peer, dn: outcome.dn, connectedAt: board.clock.now() };
        this.sessions = this.sessions.filter((s) => s.peer.open);
        this.sessions.push(session);
        send({ cmd: 'connack', returnCode: 0, sessionPresent: outcome.sessionPresent });
        if (this.kickAfterMs !== undefined) board.clock.setTimer(this.kickAfterMs, () => peer.open && peer.reset());
      } else if (!session) {
        peer.reset();
      } else if (packet.cmd === 'subscribe') {
        send({ cmd: 'suback', messageId: packet.messageId, granted: packet.subscriptions.map((s) => s.qos) });
      } else if (packet.cmd === 'publish') {
        this.received.push({ dn: session.dn, topic: packet.topic, payload: Buffer.from(packet.payload).toString() });
        if (packet.qos === 1) send({ cmd: 'puback', messageId: packet.messageId });
      } else if (packet.cmd === 'pingreq') {
        send({ cmd: 'pingresp' });
      } else if (packet.cmd === 'disconnect') {
        peer.end();
      }
    });
    peer.onData = (bytes) => parser.parse(Buffer.from(bytes));
  }

  private login(packet: mqttPacket.IConnectPacket): { code: number; dn: string; sessionPresent: boolean } {
    const [base, paramText = ''] = packet.clientId.split('|');
    const params = new Map(paramText.split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
    const [dn, pk] = (packet.username ?? '').split('&');
    const fail = (code: number) => ({ code, dn: dn ?? '', sessionPresent: false });
    if (pk !== PK || !dn) return fail(4);
    const device = this.devices.get(dn);
    if (!device?.secret) return fail(5);
    const expected = devicePassword(hashHal, {
      productKey: pk,
      deviceName: dn,
      deviceSecret: device.secret,
      clientIdBase: base,
      timestamp: params.get('timestamp') ?? null,
      signMethod: (params.get('signmethod') ?? 'hmacmd5') as SignMethod,
    });
    if (!expected.ok || expected.value.toUpperCase() !== Buffer.from(packet.password ?? '').toString().toUpperCase()) return fail(4);
    this.logins++;
    device.active = true;
    const sessionPresent = !packet.clean && device.hadSession;
    device.hadSession = !packet.clean;
    return { code: 0, dn, sessionPresent };
  }
}
