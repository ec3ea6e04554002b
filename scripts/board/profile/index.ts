// The Espruino-profile runner: a firmware image in QuickJS made to behave like Espruino 2v29.
export { EspruinoProfile, type EvalResult, type ProfileMemory, type ProfileOptions } from './engine';
export { runImage, type ImageRun } from './run-image';
export { ProfileError, type VmError } from './errors';
export type { HostFunction } from './bridge';
export type { MemoryMark } from './memory';
