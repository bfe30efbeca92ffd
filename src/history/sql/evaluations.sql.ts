import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { contactIdIn, type ByContactRequest } from './by-contact.sql';
import { instanceIdScopePredicate } from './scope';
import { typedAsJson } from './json.sql';
import { partitionPredicate } from './partitions.sql';
import type { Scope } from './scope';
import { join, raw, sql, timestampOf, timestampParam, type Dialect, type SqlFragment } from './sql-fragment';

/** Columns of an evaluation row as the builders return them (snake_case: Athena lower-cases result names). */
export interface EvaluationRow {
  evaluation_id: string;
  contact_id: string;
  instance_id: string | null;
  agent_id: string | null;
  form_title: string | null;
  evaluator: string | null;
  start_timestamp: string | null;
  submit_timestamp: string;
  /** A `float` (single precision) column: read it back with `float32Value`. */
  total_score_percentage: number | null;
  /** JSON text of `evaluationSectionsScores` (see {@link typedAsJson}). */
  section_scores: string | null;
  /** JSON text of `evaluationQuestionAnswers`. */
  question_answers: string | null;
}

const COLUMNS: readonly (readonly [keyof EvaluationRow, (dialect: Dialect) => string])[] = [
  ['evaluation_id', () => 'evaluationid'],
  ['contact_id', () => 'contactid'],
  ['instance_id', () => 'instanceid'],
  ['agent_id', () => 'agentid'],
  ['form_title', () => 'evaluationdefinitiontitle'],
  ['evaluator', () => 'evaluator'],
  ['start_timestamp', () => 'evaluationstarttimestamp'],
  ['submit_timestamp', () => 'evaluationsubmittimestamp'],
  ['total_score_percentage', () => 'evaluationformtotalscorepercentage'],
  ['section_scores', (d) => typedAsJson(d, 'evaluationsectionsscores').text],
  ['question_answers', (d) => typedAsJson(d, 'evaluationquestionanswers').text],
];

const OUTPUT = raw(COLUMNS.map(([alias]) => alias).join(', '));

/**
 * The de-duplicated evaluations relation: one row per `evaluationId`, the latest submission (an
 * evaluation delivered twice, or edited and submitted again, keeps its last version among the rows
 * read). `prefilter` may only hold predicates that keep or drop all versions of an evaluation together
 * (partitions do not, strictly: a re-submission on a later day is only seen when that day is read).
 */
function dedupedEvaluationsCte(dialect: Dialect, scope: Scope, prefilter: SqlFragment): SqlFragment {
  const columns = raw(COLUMNS.map(([alias, expr]) => `${expr(dialect)} AS ${alias}`).join(',\n    '));
  return sql`versions AS (
  SELECT
    ${columns},
    row_number() OVER (PARTITION BY evaluationid ORDER BY ${timestampOf(dialect, 'evaluationsubmittimestamp')} DESC) AS version_rank
  FROM connect_ef
  WHERE ${prefilter} AND ${instanceIdScopePredicate(scope, 'instanceid')}
),
evaluations AS (
  SELECT * FROM versions WHERE version_rank = 1
)`;
}

/**
 * The evaluations of a batch of contacts, from `connect_ef`: the contact ids are bound in an IN list
 * inside the read over the contacts' look-ahead windows (evaluations are submitted days after the
 * contact, so they are joined by contact id, never by partition); per contact in submission order.
 */
export function evaluationsByContactQuery(request: ByContactRequest): SqlQuery {
  const { dialect } = request;
  const prefilter = sql`${partitionPredicate(request.partitions)} AND ${contactIdIn(raw('contactid'), request.contactIds)}`;
  const q = sql`WITH ${dedupedEvaluationsCte(dialect, request.scope, prefilter)}
SELECT ${OUTPUT}
FROM evaluations
ORDER BY contact_id, ${timestampOf(dialect, 'submit_timestamp')}, evaluation_id`;
  return { id: 'evaluations_by_contact', sql: q.text, params: q.params, ...(request.freshness ? { freshness: request.freshness } : {}) };
}

/** Filters of an evaluation list; every value is bound. */
export interface EvaluationListFilter {
  /** Start (inclusive) of the range on the submission time. */
  readonly from: Date;
  /** End (exclusive) of the range on the submission time. */
  readonly to: Date;
  /** The evaluation form's title (`evaluationDefinitionTitle`), exactly. */
  readonly formTitle?: string;
  /** The evaluated agent's id, exactly. */
  readonly agentId?: string;
  /** The evaluator (a username), exactly. */
  readonly evaluator?: string;
}

/** Parameters of one page of evaluations. */
export interface EvaluationPageRequest {
  readonly dialect: Dialect;
  readonly scope: Scope;
  /** The partitions of the submission range. */
  readonly partitions: readonly DayPartition[];
  readonly filter: EvaluationListFilter;
  /** Rows to return (the caller asks for one more than the page to learn whether another page exists). */
  readonly limit: number;
  /** Keyset position after which to start: the submission timestamp (ISO) and evaluation id of the last row seen. */
  readonly after?: { readonly submittedAt: string; readonly evaluationId: string };
}

/**
 * One page of evaluations submitted in [from, to), optionally of one form, agent and evaluator,
 * ordered by submission time then evaluation id (keyset pagination).
 */
export function evaluationPageQuery(request: EvaluationPageRequest): SqlQuery {
  const { dialect, filter } = request;
  const submitted = timestampOf(dialect, 'submit_timestamp');
  const predicates: SqlFragment[] = [
    sql`${submitted} >= ${timestampParam(dialect, filter.from)}`,
    sql`${submitted} < ${timestampParam(dialect, filter.to)}`,
  ];
  if (filter.formTitle !== undefined) predicates.push(sql`form_title = ${filter.formTitle}`);
  if (filter.agentId !== undefined) predicates.push(sql`agent_id = ${filter.agentId}`);
  if (filter.evaluator !== undefined) predicates.push(sql`evaluator = ${filter.evaluator}`);
  if (request.after) {
    const afterTs = timestampParam(dialect, new Date(request.after.submittedAt));
    predicates.push(sql`(${submitted} > ${afterTs} OR (${submitted} = ${afterTs} AND evaluation_id > ${request.after.evaluationId}))`);
  }
  const q = sql`WITH ${dedupedEvaluationsCte(dialect, request.scope, partitionPredicate(request.partitions))}
SELECT ${OUTPUT}
FROM evaluations
WHERE ${join(predicates, '\n  AND ')}
ORDER BY ${submitted}, evaluation_id
LIMIT ${request.limit}`;
  return { id: 'evaluation_page', sql: q.text, params: q.params, freshness: { from: filter.from, to: filter.to } };
}
