import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import {
  createIdSource,
  eventPostRequest,
  eventPostTopic,
  parseReply,
  parseRequest,
  propertyPostRequest,
  replyJson,
  serviceIdOf,
  serviceReplyTopic,
  thingTopics,
} from '../../../src/thing';

describe('thing model: topics', () => {
  const t = thingTopics('a1ExpAkj9Hi', 'Example_dyn1');

  it('names the property post, post_reply, set and set_reply topics of the device (spec §7)', () => {
    expect(t.propertyPost).toBe('/sys/a1ExpAkj9Hi/Example_dyn1/thing/event/property/post');
    expect(t.propertyPostReply).toBe('/sys/a1ExpAkj9Hi/Example_dyn1/thing/event/property/post_reply');
    expect(t.propertySet).toBe('/sys/a1ExpAkj9Hi/Example_dyn1/thing/service/property/set');
    expect(t.propertySetReply).toBe('/sys/a1ExpAkj9Hi/Example_dyn1/thing/service/property/set_reply');
    expect(eventPostTopic('a1ExpAkj9Hi', 'Example_dyn1', 'Alarm')).toBe('/sys/a1ExpAkj9Hi/Example_dyn1/thing/event/Alarm/post');
    expect(serviceReplyTopic('a1ExpAkj9Hi', 'Example_dyn1', 'Reboot')).toBe(
      '/sys/a1ExpAkj9Hi/Example_dyn1/thing/service/Reboot_reply',
    );
  });

  it('recognises a service call topic of this device and nothing else', () => {
    expect(serviceIdOf(t, '/sys/a1ExpAkj9Hi/Example_dyn1/thing/service/Reboot')).toBe('Reboot');
    expect(serviceIdOf(t, t.propertySet)).toBeUndefined();
    expect(serviceIdOf(t, '/sys/a1ExpAkj9Hi/Example_dyn1/thing/service/Reboot_reply')).toBeUndefined();
    expect(serviceIdOf(t, '/sys/a1ExpAkj9Hi/Other/thing/service/Reboot')).toBeUndefined();
  });
});

describe('thing model: requests and replies', () => {
  it('gives every request of a device a different id, as a decimal string', () => {
    const ids = createIdSource(createMockBoard({ seed: 7 }).hal.random);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = ids.next();
      expect(id).toMatch(/^[1-9][0-9]*$/);
      seen.add(id);
    }
    expect(seen.size).toBe(10_000);
  });

  it('starts the ids at a different point on each boot', () => {
    const a = createIdSource(createMockBoard({ seed: 1 }).hal.random).next();
    const b = createIdSource(createMockBoard({ seed: 2 }).hal.random).next();
    expect(a).not.toBe(b);
  });

  it('builds a property post in the Alink shape, with ack 0 only when asked', () => {
    const ids = createIdSource(createMockBoard().hal.random);
    const post = propertyPostRequest(ids, { LightSwitch: 1 });
    expect(JSON.parse(post.json)).toEqual({ id: post.id, version: '1.0', params: { LightSwitch: 1 }, method: 'thing.event.property.post' });
    const quiet = propertyPostRequest(ids, { LightSwitch: 0 }, false);
    expect(JSON.parse(quiet.json).sys).toEqual({ ack: 0 });
    const event = eventPostRequest(ids, 'Alarm', { level: 2 });
    expect(JSON.parse(event.json).method).toBe('thing.event.Alarm.post');
  });

  it('parses a property set and answers it with code 200 and the same id', () => {
    const set = parseRequest('{"id":"123","version":"1.0","params":{"LightSwitch":1},"method":"thing.service.property.set"}');
    expect(set).toEqual({
      ok: true,
      value: { id: '123', version: '1.0', params: { LightSwitch: 1 }, method: 'thing.service.property.set' },
    });
    expect(JSON.parse(replyJson('123', 200))).toEqual({ id: '123', code: 200, data: {} });
    expect(JSON.parse(replyJson('9', 460, undefined, 'bad param'))).toEqual({ id: '9', code: 460, data: {}, message: 'bad param' });
  });

  it('refuses malformed requests and replies with a typed error, never an exception', () => {
    expect(parseRequest('{not json').ok).toBe(false);
    expect(parseRequest('{"params":{}}')).toMatchObject({ ok: false, error: { code: 'BAD_SHAPE' } });
    expect(parseRequest('{"id":"1"}')).toMatchObject({ ok: false, error: { code: 'BAD_SHAPE' } });
    expect(parseRequest('null')).toMatchObject({ ok: false, error: { code: 'BAD_SHAPE' } });
    expect(parseReply('{"id":"1","code":200,"data":{}}')).toEqual({ ok: true, value: { id: '1', code: 200, data: {} } });
    expect(parseReply('{"id":"1"}')).toMatchObject({ ok: false, error: { code: 'BAD_SHAPE' } });
  });
});
