// The yardstick of the engine-memory bench: Espruino's own MQTT module (MQTT.js of EspruinoDocs, MIT; not part of
// this project: read at bench time from the "anchors" directory beside the engines) with a small
// client program, both in Storage. Espruino's require("MQTT") loads a Storage file of that name as a module when
// no built-in module has the name, and the engine runs the client from Storage as .bootcde, so function bodies
// of both stay in flash, as aliot's image does.
//
// The client logs in to the local cloud over plain TCP (securemode 3, a device with its own DeviceSecret), with
// credentials the host computes by src/auth, and subscribes to one topic at QoS1. 1 s after the SUBACK it reads
// its memory (online idle), then publishes 100 property posts at QoS1, each on the previous one's PUBACK (the
// module's 'puback' event), and 1 s after the last PUBACK reads its memory again. It reads its own memory rather
// than being read over the REPL: REPL input to the Linux engine while a program runs can make it fail an ASSERT,
// run out of memory with most of its JsVars free, or apparently run the line several times (see inputFault in
// engine-memory-board.ts), and this program needs none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enginesDir } from '../board/engine/index';

/** The module's Storage file name: what the client requires. */
export const MODULE_FILE = 'MQTT';
/** The client's console lines start with this (parsed like the firmware's "aliot: …" lines). */
export const MODULE_PREFIX = 'module: ';
/** The pause before each of the client's own readings, ms: the same as before the REPL readings of aliot. */
export const MODULE_SETTLE_MS = 1000;
export const MODULE_POSTS = 100;

/** Where Espruino's MQTT module is read from: <engines dir>/anchors/MQTT.js. */
export function mqttModulePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(enginesDir(env), 'anchors', 'MQTT.js');
}

/** The module's source (latin1), or undefined when it is not beside the engines. */
export function readMqttModule(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = mqttModulePath(env);
  return existsSync(path) ? readFileSync(path, 'latin1') : undefined;
}

export interface ModuleClientOptions {
  host: string;
  port: number;
  clientId: string;
  username: string;
  password: string;
  /** Subscribed at QoS1 once connected. */
  subscribeTopic: string;
  /** Where the 100 QoS1 posts go. */
  publishTopic: string;
}

/** The client program (ES5, run from Storage as .bootcde). Its memory lines ("module: memory load|online|posts …") read like the firmware's. */
export function moduleClientProgram(o: ModuleClientOptions): string {
  const s = JSON.stringify;
  return [
    `var c=require(${s(MODULE_FILE)}).create(${s(o.host)},{port:${o.port},client_id:${s(o.clientId)},username:${s(o.username)},password:${s(o.password)},keep_alive:60});`,
    'function say(t){print(' + s(MODULE_PREFIX) + '+t)}',
    'function mark(p){var m=process.memory();say("memory "+p+" used="+m.usage+" free="+m.free+" unit=jsvars")}',
    `c.on("connected",function(){c.subscribe(${s(o.subscribeTopic)},{qos:1})});`,
    `c.on("subscribed",function(){say("online");setTimeout(function(){mark("online");post100()},${MODULE_SETTLE_MS})});`,
    'c.on("error",function(e){say("error "+e)});',
    'c.on("disconnected",function(){say("offline")});',
    'function post100(){var sent=0,acked=0;',
    `function next(){sent++;c.publish(${s(o.publishTopic)},'{"id":"'+sent+'","version":"1.0","params":{"Brightness":'+(sent%100)+'},"method":"thing.event.property.post"}',{qos:1})}`,
    `c.on("puback",function(){acked++;if(sent<${MODULE_POSTS})next();else{say("posted "+sent+" acked "+acked);setTimeout(function(){mark("posts")},${MODULE_SETTLE_MS})}});`,
    'next()}',
    'mark("load");',
    'c.connect();',
  ].join('\n');
}

/** "module: posted 100 acked 100" → the acknowledged count. */
export function parsePostedLine(line: string): number | undefined {
  const m = /^module: posted (\d+) acked (\d+)$/.exec(line.trim());
  return m ? Number(m[2]) : undefined;
}
