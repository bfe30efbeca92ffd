import type DataLoader from 'dataloader';
import type { EvaluationRecord } from '../domain/evaluation';
import { PARTITION_MARGINS } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { evaluationsByContactQuery, type EvaluationRow } from '../history/sql/evaluations.sql';
import type { Scope } from '../history/sql/scope';
import { toEvaluationRecord } from '../services/evaluation-row.mapper';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads each contact's evaluations (in submission order), one engine query per batch over the
 * contacts' look-ahead windows (`PARTITION_MARGINS.evaluationsOfContacts`: submitted up to 30 days
 * after the contact), joined by contact id. A contact without evaluations resolves to `[]`. Create
 * one per request.
 */
export function createEvaluationsByContactLoader(engine: QueryEngine, stats: RequestStats, scope: Scope): DataLoader<ContactKey, EvaluationRecord[], string> {
  return createByContactLoader<EvaluationRow, EvaluationRecord, EvaluationRecord[]>(engine, stats, scope, {
    margins: PARTITION_MARGINS.evaluationsOfContacts,
    query: evaluationsByContactQuery,
    toItem: toEvaluationRecord,
    toValue: (evaluations) => evaluations,
  });
}
