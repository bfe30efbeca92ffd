import type DataLoader from 'dataloader';
import type { ContactAnalysisRecord } from '../domain/contact-analysis';
import { PARTITION_MARGINS } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { contactLensQuery, type ContactLensRow } from '../history/sql/contact-lens.sql';
import type { Scope } from '../history/sql/scope';
import { toContactAnalysis } from '../services/contact-lens-row.mapper';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads each contact's Contact Lens analysis, one engine query per batch over the days from the
 * contacts' initiation to a day after their disconnect (rows are partitioned by the recording's start,
 * which can be the next UTC day), joined by contact id. A contact that was not analysed resolves to
 * `null`. Create one per request.
 */
export function createAnalysisLoader(engine: QueryEngine, stats: RequestStats, scope: Scope): DataLoader<ContactKey, ContactAnalysisRecord | null, string> {
  return createByContactLoader<ContactLensRow, ContactAnalysisRecord, ContactAnalysisRecord | null>(engine, stats, scope, {
    margins: PARTITION_MARGINS.contactLensOfContacts,
    query: contactLensQuery,
    toItem: toContactAnalysis,
    toValue: (analyses) => analyses[0] ?? null,
  });
}
