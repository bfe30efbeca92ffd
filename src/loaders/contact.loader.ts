import DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { contactsByIdQuery, type ContactRow } from '../history/sql/contacts.sql';
import type { Scope } from '../history/sql/scope';
import { toContactRecord } from '../services/contact-row.mapper';
import { runHistoryQuery } from '../services/history-runner';

/**
 * Loads contacts by id, one engine query per batch; a missing id resolves to `null`.
 * Create one per request (the cache is the request's).
 * @example const contact = await createContactLoader(engine, stats, scope).load(contactId);
 */
export function createContactLoader(engine: QueryEngine, stats: RequestStats, scope: Scope): DataLoader<string, ContactRecord | null> {
  return new DataLoader<string, ContactRecord | null>(
    async (ids) => {
      const { rows } = await runHistoryQuery<ContactRow>(engine, stats, contactsByIdQuery(engine.dialect, scope, ids));
      const byId = new Map(rows.map((r) => [r.contact_id, toContactRecord(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: 200 },
  );
}
