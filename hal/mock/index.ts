// The deterministic test board: virtual clock, seeded RNG, faulty flash, scripted network, call recorder.
export { MockBoard, createMockBoard, MOCK_DEFAULT_CAPS, type MockBoardOptions } from './board';
export { VirtualClock, type VirtualClockOptions } from './clock';
export { SeededRandom } from './random';
export { MemoryKv, type FlashImage, type MemoryKvOptions } from './kv';
export { ScriptedNet, type ListenOptions, type ScriptedNetOptions } from './net';
export type { MockPeer } from './connection';
export { makeChunker, type ChunkPolicy } from './chunking';
export { nameMatches, tlsOutcome, type MockTlsIdentity } from './tls-model';
export { CallRecorder, FAILABLE_KINDS, type CallKind, type RecordedCall } from './recorder';
export { RecordingLog, type LogLine } from './log';
export { SettableMemory } from './memory';
export { PowerSwitch } from './power';
