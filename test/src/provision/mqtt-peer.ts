// A scripted MQTT registration server on the mock board. Server packets are built by hand (CONNACK is 4 bytes,
// PUBLISH is a fixed header, a topic and a payload); what the device sends is read with mqtt-packet, a parser
// nobody here wrote.
import mqttPacket from 'mqtt-packet';
import { createMockBoard, type MockBoard, type MockBoardOptions, type MockPeer } from '../../../hal/mock';

export const MQTT_HOST = 'a1ExpAkj9Hi.iot-as-mqtt.cn-shanghai.aliyuncs.com';
export const MQTT_CA = 'aliyun-iot-root-test';

export function connack(returnCode: number): Uint8Array {
  return new Uint8Array([0x20, 0x02, 0x00, returnCode]);
}

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

export function publish(topic: string, payload: string, qos: 0 | 1 = 0, packetId = 1): Uint8Array {
  const t = Buffer.from(topic, 'utf8');
  const p = Buffer.from(payload, 'latin1');
  const id = qos === 1 ? [packetId >> 8, packetId & 0xff] : [];
  const body = [t.length >> 8, t.length & 0xff, ...t, ...id, ...p];
  return new Uint8Array([0x30 | (qos << 1), ...remainingLength(body.length), ...body]);
}

export interface DevicePackets {
  packets: mqttPacket.Packet[];
  errors: string[];
}

/** Everything the device sent on this connection, parsed. */
export function devicePackets(peer: MockPeer): DevicePackets {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const result: DevicePackets = { packets: [], errors: [] };
  parser.on('packet', (p: mqttPacket.Packet) => result.packets.push(p));
  parser.on('error', (e: Error) => result.errors.push(e.message));
  parser.parse(Buffer.from(peer.received()));
  return result;
}

export interface MqttServer {
  board: MockBoard;
  peers: MockPeer[];
}

/** What the server does once the device's CONNECT arrived. */
export type MqttScript = (peer: MockPeer, connect: mqttPacket.IConnectPacket, board: MockBoard) => void;

export function mqttServer(script: MqttScript, options: MockBoardOptions = {}): MqttServer {
  const board = createMockBoard(options);
  const peers: MockPeer[] = [];
  board.net.listen(`${MQTT_HOST}:8883`, (peer) => {
    peers.push(peer);
    let scripted = false;
    peer.onData = () => {
      if (scripted) return;
      const first = devicePackets(peer).packets[0];
      if (first && first.cmd === 'connect') {
        scripted = true;
        script(peer, first, board);
      }
    };
  }, { tls: { ca: MQTT_CA, names: ['*.iot-as-mqtt.cn-shanghai.aliyuncs.com'] } });
  return { board, peers };
}
