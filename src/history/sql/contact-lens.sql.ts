import type { SqlQuery } from '../query-engine';
import { contactIdIn, type ByContactRequest } from './by-contact.sql';
import { partitionPredicate } from './partitions.sql';
import { instanceIdScopePredicate } from './scope';
import { typedAsJson } from './json.sql';
import { raw, sql, timestampOf, type Dialect, type SqlFragment } from './sql-fragment';

/** Columns of a Contact Lens row as {@link contactLensQuery} returns them (snake_case: Athena lower-cases result names). */
export interface ContactLensRow {
  contact_id: string;
  instance_id: string | null;
  recording_timestamp: string | null;
  channel: string | null;
  language_code: string | null;
  /** JSON text of `matchedCategories` (an array of strings). */
  matched_categories: string | null;
  total_conversation_duration_seconds: number | null;
  overall_sentiment_agent: number | null;
  overall_sentiment_customer: number | null;
  interruptions_total_count: number | null;
  non_talk_time_total_seconds: number | null;
  average_words_per_minute_agent: number | null;
  average_words_per_minute_customer: number | null;
  talk_time_total_seconds: number | null;
  talk_time_agent_seconds: number | null;
  talk_time_customer_seconds: number | null;
  call_summary_issues_detected_count: number | null;
  call_summary_action_items_detected_count: number | null;
  call_summary_outcomes_detected_count: number | null;
}

/** Source expressions of {@link ContactLensRow}, in the catalog's (case-insensitive) column names. */
function contactLensColumns(dialect: Dialect): SqlFragment {
  const columns: [keyof ContactLensRow, string][] = [
    ['contact_id', 'contactid'],
    ['instance_id', 'instanceid'],
    ['recording_timestamp', 'recordingtimestamp'],
    ['channel', 'channel'],
    ['language_code', 'languagecode'],
    ['matched_categories', typedAsJson(dialect, 'matchedcategories').text],
    ['total_conversation_duration_seconds', 'totalconversationduration'],
    ['overall_sentiment_agent', 'overallsentimentagent'],
    ['overall_sentiment_customer', 'overallsentimentcustomer'],
    ['interruptions_total_count', 'interruptionstotalcount'],
    ['non_talk_time_total_seconds', 'nontalktimetotal'],
    ['average_words_per_minute_agent', 'averagewordsperminuteagent'],
    ['average_words_per_minute_customer', 'averagewordsperminutecustomer'],
    ['talk_time_total_seconds', 'talktimetotal'],
    ['talk_time_agent_seconds', 'talktimeagent'],
    ['talk_time_customer_seconds', 'talktimecustomer'],
    ['call_summary_issues_detected_count', 'callsummary.issuesdetectedcount'],
    ['call_summary_action_items_detected_count', 'callsummary.actionitemsdetectedcount'],
    ['call_summary_outcomes_detected_count', 'callsummary.outcomesdetectedcount'],
  ];
  return raw(columns.map(([alias, expr]) => `${expr} AS ${alias}`).join(',\n    '));
}

/** The result column names of {@link contactLensQuery}, in order. */
const OUTPUT_COLUMNS: readonly (keyof ContactLensRow)[] = [
  'contact_id', 'instance_id', 'recording_timestamp', 'channel', 'language_code', 'matched_categories',
  'total_conversation_duration_seconds', 'overall_sentiment_agent', 'overall_sentiment_customer', 'interruptions_total_count',
  'non_talk_time_total_seconds', 'average_words_per_minute_agent', 'average_words_per_minute_customer', 'talk_time_total_seconds',
  'talk_time_agent_seconds', 'talk_time_customer_seconds', 'call_summary_issues_detected_count',
  'call_summary_action_items_detected_count', 'call_summary_outcomes_detected_count',
];

/**
 * The Contact Lens analysis of each of a batch of contacts, from `connect_cl`: the contact ids are
 * bound in an IN list inside the read, and a contact analysed more than once (or delivered twice)
 * keeps its latest row by `recordingTimestamp`. Rows are joined to contacts by contact id over the
 * requested partitions, never by equal partitions (a call answered after midnight has its row on the
 * next day). `matchedCategories` comes back as JSON text on both engines.
 */
export function contactLensQuery(request: ByContactRequest): SqlQuery {
  const { dialect } = request;
  const q = sql`WITH analyses AS (
  SELECT
    ${contactLensColumns(dialect)},
    row_number() OVER (PARTITION BY contactid ORDER BY ${timestampOf(dialect, 'recordingtimestamp')} DESC) AS delivery_rank
  FROM connect_cl
  WHERE ${partitionPredicate(request.partitions)}
    AND ${contactIdIn(raw('contactid'), request.contactIds)}
    AND ${instanceIdScopePredicate(request.scope, 'instanceid')}
)
SELECT ${raw(OUTPUT_COLUMNS.join(', '))}
FROM analyses
WHERE delivery_rank = 1
ORDER BY contact_id`;
  return { id: 'contact_lens_by_contact', sql: q.text, params: q.params, ...(request.freshness ? { freshness: request.freshness } : {}) };
}
