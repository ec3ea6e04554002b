// The REPL client the upload, provisioning and bitl tools share, against the virtual ESP32 (spec/espruino.md §2):
// echo-off command lines with one result line each, board errors, silence, a closed port.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialError } from '../../../scripts/serial/errors';
import { jsStringLiteral, parseEspruinoJson } from '../../../scripts/serial/js-literal';
import { ReplClient } from '../../../scripts/serial/repl-client';
import { bootedBoard, CuttableCable, disposeBoards } from './virtual-board';

afterEach(() => disposeBoards());

describe('ReplClient', () => {
  it('evaluates expressions and brings values back as JSON (undefined as null)', async () => {
    const board = await bootedBoard();
    const repl = new ReplClient(board.serial);
    await repl.sync();
    expect(await repl.call('1+2')).toBe(3);
    expect(await repl.call('({a:[1,"x"],b:getSerial()})')).toEqual({ a: [1, 'x'], b: '240ac400-2f90' });
    expect(await repl.call('undefined')).toBeNull();
    expect(await repl.call('process.env.VERSION')).toBe('2v29');
  });

  it('sends every command with echo off: the line (and so a secret in it) never comes back on the wire', async () => {
    const board = await bootedBoard();
    const repl = new ReplClient(board.serial);
    const since = board.output().length;
    const secret = 'Zq8SECRETvalueNotToBeEchoed0123';
    expect(await repl.call(`${jsStringLiteral(secret)}.length`)).toBe(secret.length);
    const wire = board.output().slice(since);
    expect(wire).not.toContain(secret);
    expect(wire).toMatch(/@@aliot:\d+:ok:31/);
  });

  it('a board-side exception is BOARD_ERROR with the board\'s message', async () => {
    const board = await bootedBoard();
    const repl = new ReplClient(board.serial, { label: 'test board' });
    const error = await repl.call('nothingHere()').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SerialError);
    expect((error as SerialError).code).toBe('BOARD_ERROR');
    expect((error as SerialError).message).toMatch(/test board reported: .*nothingHere/);
    expect(await repl.call('"still fine"')).toBe('still fine'); // the REPL goes on
  });

  it('silence is NO_ANSWER after the timeout, naming what the board printed', async () => {
    const board = await bootedBoard();
    const cable = new CuttableCable(board.serial);
    const repl = new ReplClient(cable, { timeoutMs: 200, label: 'test board' });
    expect(await repl.call('2')).toBe(2);
    cable.cut();
    const started = Date.now();
    const error = (await repl.call('3').catch((e: unknown) => e)) as SerialError;
    expect(error.code).toBe('NO_ANSWER');
    expect(error.message).toMatch(/no result for command #\d+ from test board within 200 ms/);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(repl.sync(300)).rejects.toThrow(/does not answer on its REPL/);
  });

  it('a port that closes fails pending and later commands with PORT_CLOSED', async () => {
    const board = await bootedBoard();
    const repl = new ReplClient(board.serial, { timeoutMs: 5000 });
    await repl.sync();
    const pending = repl.call('1');
    board.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'PORT_CLOSED' });
    await expect(repl.call('1')).rejects.toMatchObject({ code: 'PORT_CLOSED' });
  });

  it('answers once the board is up again after a reset, and reads the \\x05 version line', async () => {
    const board = await bootedBoard();
    const repl = new ReplClient(board.serial);
    await repl.sendLine('reset()');
    await repl.sync();
    expect(await repl.call('typeof require("Storage").write')).toBe('function');
    expect(await repl.banner()).toBe('Espruino 2v29 ESP32');
  });

  it('carries every byte 0-255 in a string literal and back (\\x escapes, as Espruino prints them)', async () => {
    const board = await bootedBoard();
    const repl = new ReplClient(board.serial);
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    expect(await repl.call(`require("Storage").write("bytes",${jsStringLiteral(all)})`)).toBe(true);
    expect(Buffer.from(board.storage.read('bytes')!).toString('latin1')).toBe(all);
    expect(parseEspruinoJson('"a\\xff\\\\x41\\u0041"')).toBe('a\xff\\x41A');
    expect(() => jsStringLiteral('\u2026')).toThrow(/not 8-bit/);
  });
});
