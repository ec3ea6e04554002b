// The topic ACL as a function: what a device may publish and subscribe to (protocol.md §7 topics).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registrationTopicAllowed, topicAllowed } from '../../../scripts/cloud/mqtt/acl';

const me = { productKey: 'a1Mine00001', deviceName: 'dev-01' };
const other = { productKey: 'a1Mine00001', deviceName: 'dev-02' };
const both = (topic: string) => topicAllowed(me, topic, 'publish') && topicAllowed(me, topic, 'subscribe');

describe('topic ACL', () => {
  it("allows the device's own /sys, /user, /ota and /ext topics", () => {
    for (const topic of [
      '/sys/a1Mine00001/dev-01/thing/event/property/post',
      '/sys/a1Mine00001/dev-01/thing/service/property/set',
      '/sys/a1Mine00001/dev-01/rrpc/response/12345',
      '/a1Mine00001/dev-01/user/update',
      '/a1Mine00001/dev-01/user/a/b/c',
      '/ota/device/inform/a1Mine00001/dev-01',
      '/ota/device/progress/a1Mine00001/dev-01',
      '/ext/ntp/a1Mine00001/dev-01/request',
      '/ext/rrpc/998877//a1Mine00001/dev-01/user/get',
      '/ext/rrpc/998877/sys/a1Mine00001/dev-01/thing/service/property/set',
    ]) {
      expect(both(topic), topic).toBe(true);
    }
  });

  it('allows filters that can only match the device own topics', () => {
    for (const filter of [
      '/sys/a1Mine00001/dev-01/#',
      '/sys/a1Mine00001/dev-01/thing/+/property/post_reply',
      '/a1Mine00001/dev-01/user/#',
      '/ota/device/+/a1Mine00001/dev-01',
      '/ext/rrpc/+/sys/a1Mine00001/dev-01/#',
    ]) {
      expect(topicAllowed(me, filter, 'subscribe'), filter).toBe(true);
    }
  });

  it("refuses another device's topics, in every namespace", () => {
    for (const topic of [
      '/sys/a1Mine00001/dev-02/thing/event/property/post',
      '/a1Mine00001/dev-02/user/update',
      '/ota/device/upgrade/a1Mine00001/dev-02',
      '/ext/ntp/a1Mine00001/dev-02/request',
      '/ext/rrpc/1//a1Mine00001/dev-02/user/get',
      '/sys/a1Other0001/dev-01/thing/event/property/post',
    ]) {
      expect(topicAllowed(me, topic, 'publish'), topic).toBe(false);
      expect(topicAllowed(me, topic, 'subscribe'), topic).toBe(false);
      expect(topicAllowed(other, topic.replace('dev-02', 'dev-01'), 'publish')).toBe(false);
    }
  });

  it('refuses filters that could match other devices, and broker and foreign topics', () => {
    for (const filter of [
      '#',
      '/#',
      '+/#',
      '/sys/#',
      '/sys/a1Mine00001/#',
      '/sys/a1Mine00001/+/thing/event/property/post',
      '/sys/+/dev-01/#',
      '/+/dev-01/user/#',
      '/ota/device/#',
      '/ext/rrpc/+/#',
      '/ext/+/a1Mine00001/+/request',
      '$SYS/#',
      '/a1Mine00001/dev-01/user',
      '/sys/a1Mine00001/dev-01',
      'sys/a1Mine00001/dev-01/thing',
      '/something/else',
      '',
    ]) {
      expect(topicAllowed(me, filter, 'subscribe'), filter).toBe(false);
    }
  });

  it('lets devices wait on /ext/register and /ext/regnwl but never publish there', () => {
    expect(topicAllowed(me, '/ext/register', 'subscribe')).toBe(true);
    expect(topicAllowed(me, '/ext/register', 'publish')).toBe(false);
    expect(topicAllowed(me, '/ext/regnwl', 'publish')).toBe(false);
    expect(registrationTopicAllowed('/ext/register', 'subscribe')).toBe(true);
    expect(registrationTopicAllowed('/ext/register', 'publish')).toBe(false);
    expect(registrationTopicAllowed('/sys/a1Mine00001/dev-01/#', 'subscribe')).toBe(false);
  });

  it('never allows a topic that names another device in its device levels (property)', () => {
    const level = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{4,8}$/).filter((n) => n !== me.deviceName);
    fc.assert(
      fc.property(name, fc.array(level, { minLength: 1, maxLength: 4 }), fc.constantFrom('sys', 'user', 'ota'), (dn, rest, kind) => {
        const topic =
          kind === 'sys' ? `/sys/${me.productKey}/${dn}/${rest.join('/')}`
          : kind === 'user' ? `/${me.productKey}/${dn}/user/${rest.join('/')}`
          : `/ota/device/${rest[0]}/${me.productKey}/${dn}`;
        return !topicAllowed(me, topic, 'publish') && !topicAllowed(me, topic, 'subscribe');
      }),
    );
  });
});
