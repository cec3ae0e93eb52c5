export {
  type DatabaseLocation,
  DEFAULT_DATA_DIR,
  DEFAULT_DATABASE_FILE,
  openDatabase,
  resolveDatabasePath,
  type SqliteDatabase,
} from './database';
export type { FlushPolicy } from './group-commit';
export type { InboundMessage } from './inbound';
export type {
  AcceptedSend,
  AttemptOutcome,
  AttemptRecord,
  AttemptResult,
  MessageRecord,
  MessageStats,
  StatusChange,
} from './messages';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations';
export type { OptOutEvent, OptOutState } from './opt-outs';
export {
  type ConsentEvidence,
  consentEvidenceSchema,
  type Durability,
  durabilitySchema,
  type ErrorInfo,
  type InboundInput,
  type MessageFilter,
  type MessagePurpose,
  type NewMessage,
} from './schemas';
export type { SenderIdentities } from './sender-identity';
export { isKnownStatus, isStatusAdvance, statusRank } from './status';
export { type FlowSmsStore, openStore, type StoreOptions } from './store';
