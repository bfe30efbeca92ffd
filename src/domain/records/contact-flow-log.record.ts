import { z } from 'zod';
import { parseRecord } from './record-parse';
import { MS_TIMESTAMP_PATTERN } from './record-timestamps';

const msTimestamp = z.string().regex(MS_TIMESTAMP_PATTERN, 'expected yyyy-mm-ddThh:mm:ss.sssZ');

/**
 * One contact flow log entry as Amazon Connect writes it to CloudWatch Logs (PascalCase keys).
 * `Results` and `ExternalResults` appear only for blocks that produce them.
 */
export const contactFlowLogMessageSchema = z.looseObject({
  ContactId: z.string().min(1),
  /** The flow's full ARN. */
  ContactFlowId: z.string().min(1),
  ContactFlowName: z.string().optional(),
  /** The block type: SetLoggingBehavior, PlayPrompt, GetUserInput, SetAttributes, SetQueue … */
  ContactFlowModuleType: z.string().min(1),
  Identifier: z.string().optional(),
  /** When the block ran (flow time, not log arrival time). */
  Timestamp: msTimestamp,
  Parameters: z.record(z.string(), z.unknown()).optional(),
  Results: z.string().optional(),
  ExternalResults: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A `connect_cfl` row as the Data Analytics Sample's Firehose transform writes it:
 * `{timestamp, eventid, message}` where `timestamp` is the CloudWatch ingestion time (the partition
 * key), `eventid` the CloudWatch event id and `message` the parsed flow log entry.
 */
export const contactFlowLogRowSchema = z.looseObject({
  timestamp: msTimestamp,
  eventid: z.string().regex(/^\d+$/, 'expected a numeric CloudWatch event id'),
  message: contactFlowLogMessageSchema,
});

/** A parsed flow log entry (the `message` of a row). */
export type ContactFlowLogMessage = z.infer<typeof contactFlowLogMessageSchema>;

/** A parsed `connect_cfl` row. */
export type ContactFlowLogRow = z.infer<typeof contactFlowLogRowSchema>;

/**
 * Reads one flow log entry as CloudWatch holds it (the `message` of a row).
 * @throws RecordError `INVALID_RECORD` when it does not have the published shape.
 */
export function parseContactFlowLogMessage(json: unknown): ContactFlowLogMessage {
  return parseRecord(contactFlowLogMessageSchema, 'cfl', json);
}

/**
 * Reads one `connect_cfl` row (`{timestamp, eventid, message}`).
 * @throws RecordError `INVALID_RECORD` when it does not have the sample's shape.
 */
export function parseContactFlowLogRow(json: unknown): ContactFlowLogRow {
  return parseRecord(contactFlowLogRowSchema, 'cfl', json);
}
