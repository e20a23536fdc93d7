// The launcher's public face, for the top-level scripts (npm test, benchmarks) and tests: nothing else imports it.
export { up, down, redeploy, addOrganisation, removeOrganisation, installFabric, type Progress } from './launcher';
export { additionOf, channelMembers, majorityOf, prepareCandidate, updateDir } from './membership';
export { networkStatus, type NodeStatus } from './health';
export { ordererLaunch, peerLaunch, startOrderer } from './nodes';
export { ordererHeight } from './channel';
export { readDeployment, startChaincodeServers } from './chaincode';
export { enrolOrganisation } from './identities';
export { allServices, databaseService, organisationServices } from './services';
export { backup, restore, checkRestored, type BackupManifest, type OrganisationCheck } from './backup/backup';
