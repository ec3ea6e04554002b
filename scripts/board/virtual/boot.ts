// What runs at boot, by kind of reset (spec/espruino.md §1a, from EspruinoDocs info/Saving.md and
// src/jsflash.c jsfLoadBootCodeFromFlash): `.bootPowerOn` only at power-on, `.boot0`…`.boot3` always,
// then `.bootrst`, else `.bootcde` unless it was reset() — load(file) runs that file instead — then
// E.on('init') and onInit(). `.varimg` (save()) is not emulated.
import type { EspruinoProfile } from '../profile';
import type { StorageModel } from './storage-model';

/** power-on: power, EN button, E.reboot(); load: load() or load(file); reset: reset(). */
export type ResetMode = 'power-on' | 'load' | 'reset';

/** The Storage files run at boot, in order. */
export function bootFiles(storage: StorageModel, mode: ResetMode, file?: string): string[] {
  const exists = (name: string) => storage.read(name) !== undefined;
  const files: string[] = [];
  if (mode === 'power-on' && exists('.bootPowerOn')) files.push('.bootPowerOn');
  for (const name of ['.boot0', '.boot1', '.boot2', '.boot3']) if (exists(name)) files.push(name);
  if (mode === 'load' && file !== undefined) {
    if (exists(file)) files.push(file);
  } else if (exists('.bootrst')) {
    files.push('.bootrst');
  } else if (mode !== 'reset' && exists('.bootcde')) {
    files.push('.bootcde');
  }
  return files;
}

export class BootSequence {
  /** Runs the boot files, then the init handlers; errors are printed and the next file still runs. */
  run(vm: EspruinoProfile, storage: StorageModel, mode: ResetMode, file: string | undefined, print: (line: string) => void): void {
    for (const name of bootFiles(storage, mode, file)) {
      const code = Buffer.from(storage.read(name)!).toString('latin1');
      const result = vm.eval(code, name);
      if (vm.fatalError()) return;
      if (!result.ok) print(`Uncaught ${result.error.name}: ${result.error.message}`);
    }
    if (mode === 'load' && file !== undefined && storage.read(file) === undefined) {
      print(`ERROR: File ${JSON.stringify(file)} not found`);
    }
    try {
      vm.call('__vboard.init');
    } catch (error) {
      if (!vm.fatalError()) print(`Uncaught ${String((error as Error).message)}`);
    }
  }
}
