// The virtual ESP32: the firmware image in the Espruino profile with Espruino's modules emulated, behind a
// serial port that speaks the Espruino REPL.
export { createVirtualEsp32, startVirtualEsp32, VirtualEsp32 } from './board';
export { ESPRUINO_VERSION_LINE, type PowerState, type VirtualEsp32Options } from './options';
export { bootFiles, type ResetMode } from './boot';
export { DEFAULT_MAC, formatMac, serialFromMac } from './identity';
export { DEFAULT_NATIVE_HEAP_BYTES, NativeHeap, TLS_SOCKET_HEAP_BYTES } from './native-heap';
export { ESPRUINO_SNI, PEER_CLOSE_NOTIFY } from './network';
export { openBackedStorage, storageFilePath } from './storage-backing';
export { ESP32_STORAGE_BYTES, STORAGE_NAME_MAX, StorageModel, type StorageStats } from './storage-model';
export type { WallClockMode } from './wall-clock';
