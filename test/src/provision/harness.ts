// A mock board with a scripted Alibaba auth server (HTTPS) for the provisioning tests.
import { createHmac } from 'node:crypto';
import { createMockBoard, type MockBoard, type MockBoardOptions, type MockPeer } from '../../../hal/mock';
import type { BoardSizes } from '../../../hal/types';
import { latin1Text } from '../../fixtures/http/responses';

export const AUTH_HOST = 'iot-auth.cn-shanghai.aliyuncs.com';
export const CA = 'aliyun-test-root';

export const SIZES: BoardSizes = { mqttRxBuffer: 1024, mqttTxBuffer: 1024, httpBodyCap: 512, httpHeaderCap: 1024, qos1Window: 4, offlineQueue: 8 };

export const PRODUCT = { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', productSecret: 'ffFnFlKQW3HYjjPR' };

/** What the server does with one connection once the request arrived. */
export type Script = (peer: MockPeer, request: string, board: MockBoard) => void;

export interface AuthServer {
  board: MockBoard;
  peers: MockPeer[];
  requests: string[];
}

/** A board whose auth host answers every request with `script` (TLS, certificate for the host, issued by CA). */
export function authServer(script: Script, options: MockBoardOptions & { host?: string; port?: number } = {}): AuthServer {
  const board = createMockBoard(options);
  const peers: MockPeer[] = [];
  const requests: string[] = [];
  const host = options.host ?? AUTH_HOST;
  board.net.listen(`${host}:${options.port ?? 443}`, (peer) => {
    peers.push(peer);
    let text = '';
    peer.onData = (bytes) => {
      text += latin1Text(bytes);
      const headEnd = text.indexOf('\r\n\r\n');
      const length = /Content-Length: (\d+)/.exec(text);
      if (headEnd >= 0 && length && text.length - headEnd - 4 >= Number(length[1])) {
        requests.push(text);
        script(peer, text, board);
      }
    };
  }, { tls: { ca: CA, names: [host] } });
  return { board, peers, requests };
}

/** The form fields of a request's body. */
export function formFields(request: string): Record<string, string> {
  const body = request.slice(request.indexOf('\r\n\r\n') + 4);
  return Object.fromEntries(new URLSearchParams(body));
}

export function hmacHex(alg: 'sha256' | 'sha1' | 'md5', key: string, text: string): string {
  return createHmac(alg, key).update(text).digest('hex').toUpperCase();
}
