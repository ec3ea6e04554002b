// Topic ACL: a device publishes and subscribes only inside its own namespace (protocol.md §7):
//   /sys/PK/DN/…                  system topics (thing model, RRPC)
//   /PK/DN/user/…                 custom topics
//   /ota/device/<kind>/PK/DN[/…]  OTA
//   /ext/<kind>/PK/DN[/…]         ext topics that name the device (ntp, error, session)
//   /ext/rrpc/<msgId>/<topic>     ext-RRPC, where <topic> is itself one of the device's topics above
//   /ext/register, /ext/regnwl    subscribe only: the cloud writes the registration reply there itself
// A filter is allowed only when every topic it can match is allowed: the levels that name the device must be
// literal, other fixed levels literal, free levels literal or '+', and '#' only in the free tail.

export interface Identity {
  productKey: string;
  deviceName: string;
}

export type AclAction = 'publish' | 'subscribe';

type Level = { fixed: string } | 'any' | 'rest+' | 'rest*';

function templates(id: Identity): Level[][] {
  const pk = { fixed: id.productKey };
  const dn = { fixed: id.deviceName };
  return [
    [{ fixed: '' }, { fixed: 'sys' }, pk, dn, 'rest+'],
    [{ fixed: '' }, pk, dn, { fixed: 'user' }, 'rest+'],
    [{ fixed: '' }, { fixed: 'ota' }, { fixed: 'device' }, 'any', pk, dn, 'rest*'],
  ];
}

function extTemplate(id: Identity): Level[] {
  return [{ fixed: '' }, { fixed: 'ext' }, 'any', { fixed: id.productKey }, { fixed: id.deviceName }, 'rest*'];
}

function isWildcard(level: string): boolean {
  return level === '+' || level === '#';
}

/** Whether every topic the filter (or topic) `levels` can match fits `template`. */
function fits(levels: string[], template: Level[]): boolean {
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t === 'rest+' || t === 'rest*') {
      const rest = levels.slice(i);
      if (t === 'rest+' && rest.length === 0) return false;
      return rest.every((level, k) => level !== '#' || k === rest.length - 1);
    }
    if (i >= levels.length) return false;
    const level = levels[i];
    if (t === 'any') {
      if (level === '#') return false;
      continue;
    }
    if (isWildcard(level) || level !== t.fixed) return false;
  }
  return levels.length === template.length;
}

function ownTopic(levels: string[], id: Identity): boolean {
  return templates(id).some((t) => fits(levels, t));
}

/** /ext/rrpc/<msgId>/<original topic>: the original may keep its leading '/' (a double slash) or not. */
function rrpcTopic(levels: string[], id: Identity): boolean {
  if (levels.length < 5 || levels[1] !== 'ext' || levels[2] !== 'rrpc' || levels[3] === '#') return false;
  const rest = levels.slice(4);
  const original = rest[0] === '' ? rest : [''].concat(rest);
  return ownTopic(original, id);
}

export function topicAllowed(id: Identity, topic: string, action: AclAction): boolean {
  if (topic.length === 0 || topic.charAt(0) === '$') return false;
  const levels = topic.split('/');
  if (ownTopic(levels, id)) return true;
  if (levels[1] !== 'ext') return false;
  if (topic === '/ext/register' || topic === '/ext/regnwl') return action === 'subscribe';
  return rrpcTopic(levels, id) || fits(levels, extTemplate(id));
}

/** During registration over MQTT (§2) a client may only wait for its reply. */
export function registrationTopicAllowed(topic: string, action: AclAction): boolean {
  return action === 'subscribe' && (topic === '/ext/register' || topic === '/ext/regnwl');
}
