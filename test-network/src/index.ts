// The launcher's public face, for tests and benchmarks.
export { up, down, redeploy, installFabric } from './launcher';
export { networkStatus, type NodeStatus } from './health';
export { raftLeader } from '@plasma/network';
export { openSession, person, type LedgerSession } from './clients';
export { start, stop, runningPid } from './processes';
export { startOrderer } from './nodes';
export { readDeployment } from './chaincode';
export { startIndexer, indexerNodeName } from './services';
