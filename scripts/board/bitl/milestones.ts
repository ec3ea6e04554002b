// The console lines the firmware prints for each step of its story (firmware/app/console.ts: one line each,
// prefixed "aliot: "), as the board-in-the-loop runner reads them. These are the lines it expects:
//
//   aliot: boot <board> firmware <version>                   the image started (e.g. "aliot: boot esp32 firmware 0.1.0")
//   aliot: device <ProductKey>.<DeviceName> (product certificate)   or "(device certificate)"
//   aliot: state <LOAD|REGISTER|PERSIST|CONNECT|ONLINE|BACKOFF|HALTED>   every link state change
//   aliot: online                                            the MQTT session is up
//   aliot: offline <reason>
//   aliot: error <CODE>: <message>                           a failure the link retries
//   aliot: halted <CODE>: <message with the remedy>          e.g. "aliot: halted ALREADY_ACTIVE: device is already
//                                                            active (6289): reset it in the console (ResetThing) or …"
//   aliot: halted NOT_PROVISIONED: <why>                     no factory record
//   aliot: memory <phase> used=<n> free=<n> unit=<bytes|jsvars>   memory at boot, registering, online
//
// Lines that are not milestones (the link's own "I [link] …" log) are kept in the report but not asserted.

export const MILESTONE_PREFIX = 'aliot: ';

export type Milestone =
  | { kind: 'boot'; board: string; version: string }
  | { kind: 'device'; productKey: string; deviceName: string; certificate: 'product' | 'device' }
  | { kind: 'state'; state: string }
  | { kind: 'online' }
  | { kind: 'offline'; reason: string }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'halted'; code: string; message: string }
  | { kind: 'memory'; phase: string; used: number; free: number; unit: string };

const RULES: [RegExp, (m: RegExpExecArray) => Milestone][] = [
  [/^aliot: boot (\S+) firmware (\S+)$/, (m) => ({ kind: 'boot', board: m[1]!, version: m[2]! })],
  [
    /^aliot: device ([^.\s]+)\.(\S+) \((product|device) certificate\)$/,
    (m) => ({ kind: 'device', productKey: m[1]!, deviceName: m[2]!, certificate: m[3] as 'product' | 'device' }),
  ],
  [/^aliot: state ([A-Z_]+)$/, (m) => ({ kind: 'state', state: m[1]! })],
  [/^aliot: online$/, () => ({ kind: 'online' })],
  [/^aliot: offline (.*)$/, (m) => ({ kind: 'offline', reason: m[1]! })],
  [/^aliot: error ([A-Z_]+): (.*)$/, (m) => ({ kind: 'error', code: m[1]!, message: m[2]! })],
  [/^aliot: halted ([A-Z_]+): (.*)$/, (m) => ({ kind: 'halted', code: m[1]!, message: m[2]! })],
  [
    /^aliot: memory (\S+) used=(\d+) free=(\d+) unit=(\S+)$/,
    (m) => ({ kind: 'memory', phase: m[1]!, used: Number(m[2]), free: Number(m[3]), unit: m[4]! }),
  ],
];

export function parseMilestone(line: string): Milestone | undefined {
  for (const [pattern, build] of RULES) {
    const match = pattern.exec(line);
    if (match) return build(match);
  }
  return undefined;
}

/** A test for ConsoleLog.waitFor: the line is this milestone (and passes `also`). */
export function milestone<K extends Milestone['kind']>(
  kind: K,
  also: (m: Extract<Milestone, { kind: K }>) => boolean = () => true,
): (line: string) => boolean {
  return (line) => {
    const m = parseMilestone(line);
    return m !== undefined && m.kind === kind && also(m as Extract<Milestone, { kind: K }>);
  };
}

export function stateIs(state: string): (line: string) => boolean {
  return milestone('state', (m) => m.state === state);
}
