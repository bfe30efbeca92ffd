import type DataLoader from 'dataloader';
import type { ContactFlowStep } from '../domain/contact-journey';
import { PARTITION_MARGINS } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { contactFlowLogsQuery, type ContactFlowLogRow } from '../history/sql/contact-flow-log.sql';
import type { Scope } from '../history/sql/scope';
import { toContactFlowStep } from '../services/contact-flow-log-row.mapper';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads each contact's journey (its contact flow log entries in flow order), one engine query per
 * batch over the days from the contacts' initiation to a day after their disconnect (flow logs are
 * partitioned by CloudWatch arrival). A contact without flow logs resolves to `[]`. Create one per request.
 * @example const steps = await createJourneyLoader(engine, stats, scope).load(contactKeyOf(contact));
 */
export function createJourneyLoader(engine: QueryEngine, stats: RequestStats, scope: Scope): DataLoader<ContactKey, ContactFlowStep[], string> {
  return createByContactLoader<ContactFlowLogRow, ContactFlowStep, ContactFlowStep[]>(engine, stats, scope, {
    margins: PARTITION_MARGINS.flowLogsOfContacts,
    query: contactFlowLogsQuery,
    toItem: toContactFlowStep,
    toValue: (steps) => steps,
  });
}
