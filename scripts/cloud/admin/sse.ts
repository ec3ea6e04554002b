// The event stream as Server-Sent Events: `event: <type>` + `data: <json>` per event, a comment every 15 s.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudEvents } from '../events';

const HEARTBEAT_MS = 15_000;

export function streamEvents(req: IncomingMessage, res: ServerResponse, events: CloudEvents): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream;charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.write(': aliot cloud events\n\n');
  const unsubscribe = events.subscribe((event) => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const end = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', end);
  res.on('close', end);
}
