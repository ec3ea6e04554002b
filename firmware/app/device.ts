import type { Hal } from '../../hal/types';
import { createIdSource, parseRequest, propertyPostRequest, replyJson, thingTopics, type Link, type LinkEvent } from '../../src';
import { say } from './console';

// The demo device's thing model: a light with a switch and a brightness, and its uptime. It posts its properties
// when it comes online and every postIntervalMs, and applies property sets from the cloud, answering each one.

interface Properties {
  LightSwitch: number;
  Brightness: number;
  [name: string]: number;
}

export function runThing(hal: Hal, link: Link, productKey: string, deviceName: string, postIntervalMs: number): void {
  const topics = thingTopics(productKey, deviceName);
  const ids = createIdSource(hal.random);
  const props: Properties = { LightSwitch: 1, Brightness: 80 };
  let timer = -1;

  function post(): void {
    const request = propertyPostRequest(ids, { LightSwitch: props.LightSwitch, Brightness: props.Brightness });
    link.publish(topics.propertyPost, request.json, { qos: 1 });
    say('property post ' + JSON.stringify({ LightSwitch: props.LightSwitch, Brightness: props.Brightness }));
  }

  function schedule(): void {
    if (postIntervalMs <= 0) return;
    timer = hal.clock.setTimer(postIntervalMs, function () {
      timer = -1;
      if (link.state() === 'ONLINE') post();
      schedule();
    });
  }

  link.subscribe(topics.propertySet, 1);
  // One listener: online (post, then every postIntervalMs) and property sets from the cloud (applied, each answered).
  const onEvent = function (e: LinkEvent) {
    if (e.type === 'online') {
      post();
      if (timer === -1) schedule();
      return;
    }
    if (e.type !== 'message' || e.topic !== topics.propertySet) return;
    const request = parseRequest(E.toString(e.payload));
    if (!request.ok) {
      say('property set ignored: ' + request.error.message);
      return;
    }
    const params = request.value.params;
    const applied: { [name: string]: number } = {};
    let unknown = '';
    for (const name in params) {
      const value = params[name];
      if (props[name] === undefined || typeof value !== 'number') unknown = name;
      else applied[name] = props[name] = value;
    }
    if (unknown !== '') {
      link.publish(topics.propertySetReply, replyJson(request.value.id, 460, {}, 'unknown or non-numeric property ' + unknown), { qos: 1 });
      say('property set refused: ' + unknown);
      return;
    }
    link.publish(topics.propertySetReply, replyJson(request.value.id, 200), { qos: 1 });
    say('property set ' + JSON.stringify(applied) + ' applied');
    post();
  };
  link.on('message', onEvent);
  link.on('online', onEvent);
}
