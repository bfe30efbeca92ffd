import type { ContactFlowModel } from './contact-center.model';
import { formatMsTimestamp } from './time.format';

/** One flow block execution to log. */
export interface FlowBlockLog {
  readonly contactId: string;
  readonly flow: ContactFlowModel;
  /** Key of the block in the flow's `blockIds`. */
  readonly block: string;
  readonly moduleType: string;
  readonly timestampMs: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly results?: string;
  readonly externalResults?: Readonly<Record<string, unknown>>;
}

/**
 * A `connect_cfl` row as the sample's Firehose transform writes it: `timestamp` is the CloudWatch
 * ingestion time (`ingestedMs`, the partition key), `eventid` the CloudWatch event id, `message` the
 * flow log entry with its own `Timestamp` (flow time).
 */
export function contactFlowLogLine(log: FlowBlockLog, ingestedMs: number, eventId: string): string {
  const message: Record<string, unknown> = {
    ContactId: log.contactId,
    ContactFlowId: log.flow.arn,
    ContactFlowName: log.flow.name,
    ContactFlowModuleType: log.moduleType,
    Identifier: log.flow.blockIds[log.block] ?? log.block,
    Timestamp: formatMsTimestamp(log.timestampMs),
    Parameters: log.parameters,
  };
  if (log.results !== undefined) message.Results = log.results;
  if (log.externalResults !== undefined) message.ExternalResults = log.externalResults;
  return JSON.stringify({ timestamp: formatMsTimestamp(ingestedMs), eventid: eventId, message });
}
