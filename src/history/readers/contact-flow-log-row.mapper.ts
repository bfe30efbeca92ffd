import type { ContactFlowStep } from '../../domain/contact-journey';
import type { ContactFlowLogRow } from '../sql/contact-flow-log.sql';
import { dateOrNull, jsonObjectOrNull } from './cells';

/**
 * Maps a flow log row of `contactFlowLogsQuery` to a journey step.
 * @throws Error when the entry has no readable `Timestamp` (the published shape always has one).
 */
export function toContactFlowStep(row: ContactFlowLogRow): ContactFlowStep {
  const timestamp = dateOrNull(row.flow_timestamp);
  if (timestamp === null) throw new Error(`flow log entry ${row.event_id} of contact ${row.contact_id} has no readable Timestamp`);
  return {
    timestamp,
    loggedTimestamp: dateOrNull(row.logged_timestamp),
    eventId: String(row.event_id),
    contactFlowId: row.contact_flow_id,
    contactFlowName: row.contact_flow_name,
    moduleType: row.module_type,
    identifier: row.identifier,
    parameters: jsonObjectOrNull(row.parameters) ?? {},
    results: row.results,
    externalResults: jsonObjectOrNull(row.external_results),
  };
}
