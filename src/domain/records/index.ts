/**
 * Readers for the five Amazon Connect record shapes of the Firehose layout (CTR, agent events,
 * contact flow logs, Contact Lens rows, evaluation rows): zod schemas, `parse*` functions that throw
 * a typed {@link RecordError}, and ports of the Data Analytics Sample's CL / EF extraction. Connect
 * enumerations are open: the documented values are exported as constants, fields accept any string.
 */
export { RECORD_SOURCES } from './record-source';
export type { RecordSource } from './record-source';
export { RecordError } from './record.errors';
export type { RecordErrorCode, RecordIssue } from './record.errors';
export { CTR_TIMESTAMP_PATTERN, MS_TIMESTAMP_PATTERN } from './record-timestamps';
export {
  AGENT_CONTACT_STATES,
  AGENT_EVENT_TYPES,
  AGENT_STATUS_TYPES,
  CHANNELS,
  DISCONNECT_REASONS,
  EVALUATION_QUESTION_TYPES,
  INITIATION_METHODS,
  LEGACY_CUSTOM_STATUS_TYPE,
  isDocumentedValue,
  listOf,
} from './connect-enums';
export {
  CTR_TOP_LEVEL_KEYS,
  ctrRecordSchema,
  latestCtrPerContact,
  parseCtr,
} from './ctr.record';
export type { CtrAgent, CtrRecord } from './ctr.record';
export {
  agentEventRecordSchema,
  parseAgentEvent,
} from './agent-event.record';
export type { AgentEventRecord, AgentSnapshot, AgentSnapshotContact } from './agent-event.record';
export {
  contactFlowLogMessageSchema,
  contactFlowLogRowSchema,
  parseContactFlowLogMessage,
  parseContactFlowLogRow,
} from './contact-flow-log.record';
export type { ContactFlowLogMessage, ContactFlowLogRow } from './contact-flow-log.record';
export {
  contactLensAnalysisSchema,
  contactLensRowSchema,
  extractContactLensRow,
  parseContactLensAnalysis,
  parseContactLensRow,
  recordingTimestampFromUri,
} from './contact-lens.record';
export type { ContactLensAnalysis, ContactLensRow } from './contact-lens.record';
export {
  evaluationDocumentSchema,
  evaluationRowSchema,
  extractEvaluationRow,
  parseEvaluationDocument,
  parseEvaluationRow,
} from './evaluation.record';
export type { EvaluationDocument, EvaluationQuestionAnswer, EvaluationRow } from './evaluation.record';
