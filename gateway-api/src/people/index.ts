// People of each organisation: who they are, how they sign in, their own Fabric identity and signatures.
export type { Actor, DeviceSigner, SignatureRequest, SignatureStage } from './actor';
export { attemptLimiter, type AttemptLimiter } from './attempt-limiter';
export { certificateAuthorities, organisationRegistrar, type CertificateAuthority } from './certificate-authority';
export { approvalCodeOf, deviceApprovalPayload, deviceService, type Device, type DeviceService } from './devices';
export { readDemoPeople, seedDemoPeople, type DemoPerson } from './demo-people';
export { identities, type ActingIdentity, type ActorSigner, type Identities } from './identities';
export { openKeyVault, type KeyVault } from './key-vault';
export { peopleRepository, type PeopleRepository } from './people-repository';
export { peopleService, type NewPerson, type PeopleService } from './people-service';
export { mspIdOf, type Person } from './person';
export { readScopes, readerOf, type Reader, type ReadScopes } from './read-scope';
export { PERSON_ROLES, sessionLifetimeSeconds, type PersonRole } from './roles';
export { sessionRepository, type SessionRepository } from './session-repository';
export { sessionService, type Credentials, type Session, type SessionService } from './sessions';
export { revocations, type Revocations } from './revocations';
export { securityLog, type SecurityLog, type SecurityLogCheck, type SecurityEvent } from './security-log';
export { signingSessions, type SigningSessions, type SigningStep } from './signing-sessions';
export { electronicSignatures, type ElectronicSignatures, type RecordSignature } from './signatures';
