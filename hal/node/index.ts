// The simulation board: real files, real sockets with verified TLS and a host map, real time.
export { createNodeBoard, type NodeBoard, type NodeBoardOptions } from './board';
export { FileKv, type FileKvOptions, type KvFs } from './kv';
export { NodeNet, type NodeNetOptions } from './net';
export { NodeClock, type NodeClockOptions } from './clock';
export { NodeIdentity, normaliseMac, firstInterfaceMac, type NodeIdentityOptions } from './identity';
export { nodeHash, nodeRandom } from './crypto';
export { nodeMemory } from './memory';
export { StreamLog, type StreamLogOptions, type TextStream } from './log';
export { routeFor, parseTarget, type HostMap, type Route } from './host-map';
export { isSecretKey, maskSecret, describeValue, SECRET_KEY_WORDS } from './secrets';
export { encodeKeyName, decodeKeyName } from './key-names';
export { mapFsError } from './fs-errors';
export { mapSocketError } from './net-errors';
export { checkKey, checkValue, isEightBit, type KvLimits } from './kv-rules';
