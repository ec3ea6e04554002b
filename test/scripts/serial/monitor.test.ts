// `aliot monitor` on a virtual ESP32: its console as it boots, with secrets masked.
import { afterEach, describe, expect, it } from 'vitest';
import { startMonitor, terminalBytes } from '../../../scripts/board/monitor/monitor';
import { runMonitor } from '../../../scripts/board/monitor/run';
import { disposeBoards, portOf, virtualBoard } from './virtual-board';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

afterEach(() => disposeBoards());

const DS = 'Zq8uVY3m2XoR7pLk9sTb4nWc6dHf1gJa';

describe('aliot monitor', () => {
  it('shows the boot of a virtual board line by line, masking a secret the program prints', async () => {
    const board = virtualBoard();
    board.storage.write('.bootcde', new Uint8Array(Buffer.from(`print("hello from the board");print("deviceSecret=${DS}");print("raw ${DS} end")`)));
    let shown = '';
    const monitor = startMonitor({ port: portOf(board), write: (b) => (shown += b.toString('utf8')), durationMs: 1500, idleFlushMs: 50 });
    // The board is off: the monitor powers it on after it listens, so the boot shows.
    await new Promise((r) => setTimeout(r, 400));
    monitor.stop();
    await monitor.done;
    expect(shown).toContain('Espruino 2v29 ESP32');
    expect(shown).toContain('hello from the board\n');
    expect(shown).toContain('deviceSecret=Zq8u…\n');
    expect(shown).toContain('raw Zq8u… end\n');
    expect(shown).not.toContain(DS.slice(4));
  });

  it('writes the mask\'s ellipsis as UTF-8 and passes the board\'s own bytes through', () => {
    expect([...terminalBytes('a…\xE2\x80\xA6')]).toEqual([0x61, 0xe2, 0x80, 0xa6, 0xe2, 0x80, 0xa6]);
  });

  it('runMonitor --virtual --duration: ends by itself', async () => {
    const base = mkdtempSync(join(tmpdir(), 'aliot-monitor-'));
    try {
      let shown = '';
      const started = Date.now();
      await runMonitor({ virtual: 'm1', durationMs: 600 }, { write: (b) => (shown += b.toString()), virtualOptions: { baseDir: base }, err: () => undefined });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(shown).toContain('Espruino 2v29 ESP32');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
