import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../../../src/mqtt/client';
import { CA, credentials, HOST, PORT, rig } from './broker';

describe('MQTT client: connect', () => {
  it('sends CONNECT with the credentials over TLS and reports connected once CONNACK accepts', () => {
    const r = rig();
    r.connect({ keepalive: 300, clean: false });
    const [connect] = r.broker.of('connect');
    expect(connect).toMatchObject({
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: credentials().clientId,
      username: credentials().username,
      keepalive: 300,
      clean: false,
    });
    expect(Buffer.from(connect!.password!).toString()).toBe(credentials().password);
    expect(r.broker.peer.servername).toBe(HOST);
    expect(r.client.state()).toBe('CONNECTED');
    expect(r.events).toEqual([{ type: 'connected', sessionPresent: false }]);
  });

  it('logs every state transition at debug level and never the password in full', () => {
    const r = rig();
    r.connect();
    r.client.disconnect();
    const transitions = r.board.log.lines.filter((l) => l.level === 'debug' && / -> /.test(l.message)).map((l) => l.message.split(':')[0]);
    expect(transitions).toEqual(['IDLE -> CONNECTING', 'CONNECTING -> CONNACK_WAIT', 'CONNACK_WAIT -> CONNECTED', 'CONNECTED -> IDLE']);
    expect(r.board.log.text()).not.toContain(credentials().password);
    expect(r.board.log.text()).toContain('password=0123');
  });

  it('refuses a second connect() while one is under way, without touching it', () => {
    const r = rig();
    expect(r.client.connect(credentials())).toBeNull();
    expect(r.client.connect(credentials())).toMatchObject({ code: 'NOT_IDLE' });
    r.settle();
    expect(r.client.state()).toBe('CONNECTED');
    expect(r.board.net.peers).toHaveLength(1);
  });

  it('returns the encoder error and opens nothing when CONNECT does not fit the transmit buffer', () => {
    const r = rig({ sizes: { mqttTxBuffer: 32 } });
    expect(r.client.connect(credentials())).toMatchObject({ code: 'BUFFER_TOO_SMALL' });
    expect(r.client.state()).toBe('IDLE');
    expect(r.board.recorder.count('net.open')).toBe(0);
  });

  it('declares CONNACK_TIMEOUT exactly connectTimeoutMs after connect() when the broker stays silent', () => {
    const r = rig({ client: { connectTimeoutMs: 5000 } });
    r.broker.behaviour.connackCode = null;
    r.connect();
    expect(r.client.state()).toBe('CONNACK_WAIT');
    r.board.clock.advance(4999);
    expect(r.client.state()).toBe('CONNACK_WAIT');
    expect(r.events).toEqual([]);
    r.board.clock.advance(1);
    expect(r.client.state()).toBe('IDLE');
    expect(r.events).toEqual([expect.objectContaining({ type: 'closed', reason: 'CONNACK_TIMEOUT' })]);
    expect(r.broker.peer.open).toBe(false);
  });

  it('uses a 10 s connect deadline by default, counted from connect() (TLS handshake included)', () => {
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(10_000);
    const r = rig({ board: { latency: 4_000 } });
    r.broker.behaviour.connackCode = null;
    r.connect();
    r.board.clock.advance(DEFAULT_CONNECT_TIMEOUT_MS - 1);
    expect(r.client.state()).toBe('CONNACK_WAIT');
    r.board.clock.advance(1);
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'CONNACK_TIMEOUT' });
  });

  it('declares CONNECT_TIMEOUT when even the socket does not come up in time', () => {
    const r = rig({ client: { connectTimeoutMs: 1000 }, board: { latency: 5000 } });
    r.connect();
    r.board.clock.advance(1000);
    expect(r.ofType('closed')).toEqual([expect.objectContaining({ reason: 'CONNECT_TIMEOUT' })]);
    r.board.clock.advance(10_000);
    expect(r.ofType('closed')).toHaveLength(1);
    expect(r.board.net.openConnections()).toBe(0);
  });

  it.each([
    [1, 'UNACCEPTABLE_PROTOCOL_VERSION', /MQTT 3\.1\.1/],
    [2, 'IDENTIFIER_REJECTED', /clientId/],
    [3, 'SERVER_UNAVAILABLE', /keep-alive outside 30\.\.1200/],
    [4, 'BAD_USERNAME_OR_PASSWORD', /password/],
    [5, 'NOT_AUTHORIZED', /ProductKey, DeviceName or DeviceSecret/],
  ])('maps CONNACK return code %i to %s with the Alibaba meaning', (code, name, meaning) => {
    const r = rig();
    r.broker.behaviour.connackCode = code;
    r.connect();
    expect(r.client.state()).toBe('IDLE');
    const [closed] = r.ofType('closed');
    expect(closed).toMatchObject({ reason: 'REFUSED', refusal: { returnCode: code, code: name } });
    expect(closed!.refusal!.message).toMatch(meaning);
    expect(closed!.message).toBe(closed!.refusal!.message);
    expect(r.events).toHaveLength(1);
  });

  it('reports CONNECT_FAILED with the HAL error when the socket cannot open', () => {
    const r = rig();
    r.board.net.refuse(`${HOST}:${PORT}`);
    r.connect();
    expect(r.events).toEqual([expect.objectContaining({ type: 'closed', reason: 'CONNECT_FAILED', halError: expect.objectContaining({ code: 'REFUSED' }) })]);
  });

  it('reports CONNECT_FAILED with TLS_VERIFY when the certificate is not from a trusted CA', () => {
    const r = rig();
    r.connect({ ca: ['another-ca'] });
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'CONNECT_FAILED', halError: { code: 'TLS_VERIFY' } });
  });

  it('reports PEER_CLOSED when the broker hangs up before CONNACK', () => {
    const r = rig();
    r.broker.behaviour.connackCode = null;
    r.connect();
    r.broker.peer.end();
    r.settle();
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PEER_CLOSED', halError: null });
    expect(r.ofType('closed')[0]!.message).toMatch(/before CONNACK/);
  });

  it('closes with PROTOCOL_ERROR when anything but CONNACK comes first', () => {
    const r = rig();
    r.broker.behaviour.connackCode = null;
    r.connect();
    r.broker.send({ cmd: 'pingresp' });
    r.settle();
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PROTOCOL_ERROR', protocolError: 'UNEXPECTED_PACKET' });
    expect(r.broker.peer.open).toBe(false);
  });

  it('closes with PROTOCOL_ERROR on a second CONNACK', () => {
    const r = rig();
    r.connect();
    r.broker.send({ cmd: 'connack', returnCode: 0, sessionPresent: false });
    r.settle();
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PROTOCOL_ERROR', protocolError: 'UNEXPECTED_PACKET' });
  });

  it('closes with PROTOCOL_ERROR when a clean-session CONNACK claims a session', () => {
    const r = rig();
    r.broker.behaviour.sessionPresent = true;
    r.connect({ clean: true });
    expect(r.events).toEqual([expect.objectContaining({ type: 'closed', reason: 'PROTOCOL_ERROR', protocolError: 'SESSION_PRESENT_ON_CLEAN' })]);
  });

  it('closes with the decoder\'s typed PROTOCOL_ERROR on malformed bytes', () => {
    const r = rig();
    r.connect();
    r.broker.sendBytes(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]));
    r.settle();
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PROTOCOL_ERROR', protocolError: 'MALFORMED_REMAINING_LENGTH' });
    expect(r.client.state()).toBe('IDLE');
  });

  it('closes with PROTOCOL_ERROR on a QoS 2 PUBLISH', () => {
    const r = rig();
    r.connect();
    r.broker.send({ cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 2, messageId: 7, retain: false, dup: false });
    r.settle();
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PROTOCOL_ERROR', protocolError: 'QOS2_PUBLISH' });
    expect(r.ofType('message')).toEqual([]);
  });

  it('reports PEER_CLOSED with the HAL error when the broker drops an established connection', () => {
    const r = rig();
    r.connect();
    r.broker.peer.reset();
    r.settle();
    expect(r.ofType('closed')).toEqual([expect.objectContaining({ reason: 'PEER_CLOSED', halError: expect.objectContaining({ code: 'RESET' }) })]);
  });

  it('disconnect() sends DISCONNECT, closes the socket and reports DISCONNECTED; connect() works again after', () => {
    const r = rig();
    r.connect();
    r.client.disconnect();
    expect(r.ofType('closed')).toEqual([expect.objectContaining({ reason: 'DISCONNECTED' })]);
    r.settle();
    expect(r.broker.of('disconnect')).toHaveLength(1);
    expect(r.broker.peers[0]!.open).toBe(false);
    r.client.disconnect();
    expect(r.ofType('closed')).toHaveLength(1);
    r.connect();
    expect(r.client.state()).toBe('CONNECTED');
    expect(r.board.net.peers).toHaveLength(2);
  });

  it('disconnect() during CONNECTING closes without CONNECT and ignores the late socket', () => {
    const r = rig({ board: { latency: 100 } });
    expect(r.client.connect(credentials())).toBeNull();
    r.client.disconnect();
    r.board.clock.advance(1000);
    expect(r.events).toEqual([expect.objectContaining({ type: 'closed', reason: 'DISCONNECTED' })]);
    expect(r.broker.received).toEqual([]);
    expect(r.board.clock.pendingTimers()).toEqual([]);
  });

  it('holds no timer after the connection ends', () => {
    const r = rig();
    r.connect();
    expect(r.board.clock.pendingTimers()).toHaveLength(1);
    r.broker.peer.reset();
    r.settle();
    expect(r.board.clock.pendingTimers()).toEqual([]);
  });

  it('trusts the CA given in the credentials', () => {
    const r = rig();
    r.connect({ ca: [CA] });
    expect(r.client.state()).toBe('CONNECTED');
  });
});
