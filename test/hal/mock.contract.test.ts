import { defineHalContract } from './contract';
import { mockFactory } from './mock-harness';

// The mock runs the suite under two network conditions: instant whole deliveries, and a slow network
// that cuts every stream into random pieces.
defineHalContract(mockFactory({ label: 'instant, whole chunks', latency: 0, chunking: 'whole' }));
defineHalContract(mockFactory({ label: '3 ms latency, random chunks', latency: 3, chunking: { seed: 42, maxChunk: 700 } }));
