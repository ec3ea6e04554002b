import { defineHalContract } from './contract';
import { nodeFactory } from './node-harness';

defineHalContract(nodeFactory);
