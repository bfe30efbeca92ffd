import { getNamedType, isCompositeType, isListType, isNonNullType, type DocumentNode, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { QueryTooComplexError } from '../../domain/errors';
import { alignedMetricsRange } from '../../domain/metrics/metric-buckets';
import { findMetric } from '../../domain/metrics/metric-catalog';
import { METRIC_INTERVALS, type MetricInterval } from '../../domain/metrics/metric-types';
import { assertTimeZone } from '../../domain/partition-planner';

/**
 * The cost model: what one GraphQL operation is estimated to cost before it runs, in *cost units*.
 * An operation whose estimate exceeds `LIMIT_MAX_COST` (20,000 by default) is refused with
 * `QUERY_TOO_COMPLEX` before any resolver or backend call. The estimate is reported in
 * `extensions.cost` (`{ "estimated": N, "limit": M }`) on every response.
 *
 * The cost of an operation is the sum of the cost of its fields; a field's cost is its own cost plus
 * the cost of its selection (`child`), multiplied by how many times the selection runs:
 *
 * - **Scalar and enum fields** cost 0: they read values already fetched.
 * - **Paged lists** (`contacts`, `agents`, `evaluations`, `Agent.contacts`, `Queue.contacts`):
 *   `first` (the argument, or its default of 50, capped by `MAX_PAGE_SIZE`) × `child`.
 * - **Other lists of objects** (queues, journey steps, transfers, status intervals, workload rows …):
 *   their length is unknown before they run, so they count as {@link COST_UNITS}.`listSize` (10)
 *   items × `child`. A connection's `edges` are not counted again (`first` already was).
 * - **History fields** cost what they scan: days in their time range (`from`/`to`, rounded up,
 *   at least 1) × the sources they read × `sourceDay` (10). Sources: contacts = contact records
 *   (+ Contact Lens when filtered by `contactLensCategory`); evaluations = evaluations; agent
 *   statistics and workload = agent events + contact records; status history = agent events; queue
 *   statistics = contact records; metrics = the distinct sources of the requested metrics.
 * - **`contact` with an `initiatedAfter` hint** scans the hinted days (to `initiatedBefore`, or now) like a
 *   history field; without one it is a by-id lookup (it reads only `CONTACT_LOOKUP_MAX_DAYS`).
 * - **By-id lookups** without a range (`contact`, `agent`, `queue`, `Contact.journey`,
 *   `Contact.analysis`, `Contact.evaluations`, `Contact.agent`, linked contacts …) cost `lookup` (2):
 *   they are batched per request, one backend call per batch.
 * - **Metrics** (`Query.metrics`): the scan above plus intervals × (groupings + 1) × metrics requested,
 *   both over the range the request counts (widened to whole intervals in its time zone, as the
 *   resolver plans it: a 35-day MONTH request can read three months).
 *   Intervals = that range divided by the interval length, rounded up (`TOTAL` = 1; `WEEK` = 7 days,
 *   `MONTH` = 30 days). The number of dimension values of a grouping is unknown before the query
 *   runs, so each grouping adds 1 to the factor (no grouping: × 1, two groupings: × 3).
 * - **Live fields** (`agentStates`, `Agent.state`, `Queue.realtime` — agent and contact counts — and the
 *   `agentStateChanged` and `queueRealtimeChanged` subscriptions) cost `live` (1) + `child`; `agentStates` returns a list (× `listSize`).
 *   Each contact count of `QueueRealtime` (`contactsInQueue`, `contactsInQueueByChannel`,
 *   `oldestContactInQueueAgeSeconds`, `contactsConnected`, `contactsScheduled`) adds `live`.
 *   `serverTimeTicks` costs 1.
 *
 * Examples with the defaults: `contacts(first: 50)` over one day selecting scalars costs 10;
 * with `agent { username }` on each contact, 10 + 50 × 2 = 110; `metrics` for 3 metrics by day over 30
 * days with 2 groupings from contact records costs 30 × 1 × 10 + 30 × 3 × 3 = 570.
 */
export const COST_UNITS = {
  /** Reading one UTC day partition of one source. */
  sourceDay: 10,
  /** A batched by-id lookup (directory, contact by id, flow logs, Contact Lens or evaluations of a contact). */
  lookup: 2,
  /** A read of live agent state (DynamoDB). */
  live: 1,
  /** The assumed length of a list whose length is unknown before it runs. */
  listSize: 10,
  /** A connection's page size when `first` is absent (the schema's default). */
  defaultPageSize: 50,
} as const;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Length of one metrics or workload interval, in ms; TOTAL is handled apart. */
const INTERVAL_MS: Readonly<Record<string, number>> = {
  FIFTEEN_MIN: 15 * MINUTE_MS,
  THIRTY_MIN: 30 * MINUTE_MS,
  HOUR: 60 * MINUTE_MS,
  DAY: DAY_MS,
  WEEK: 7 * DAY_MS,
  MONTH: 30 * DAY_MS,
};

/** Options of the cost model. */
export interface CostModelOptions {
  /** `MAX_PAGE_SIZE`: `first` above it is refused by the resolvers, so it never counts for more. */
  readonly maxPageSize: number;
}

/** A Date, or an ISO string as a Date; null when missing or invalid. */
function instantOf(value: unknown): Date | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** Milliseconds between `from` and `to` (Dates, or ISO strings), at least 0; 0 when either is missing or invalid. */
function rangeMs(from: unknown, to: unknown): number {
  const [start, end] = [instantOf(from), instantOf(to)];
  return start !== null && end !== null ? Math.max(0, end.getTime() - start.getTime()) : 0;
}

/** Days the range spans, rounded up, at least 1 (a missing or empty range is refused later by the resolver). */
function daysOf(from: unknown, to: unknown): number {
  return Math.max(1, Math.ceil(rangeMs(from, to) / DAY_MS));
}

/** The cost of scanning `sources` sources over the days of a range. */
function scan(from: unknown, to: unknown, sources: number): number {
  return daysOf(from, to) * sources * COST_UNITS.sourceDay;
}

/** `first`, clamped to [1, maxPageSize]; the default page size when absent. */
function pageSize(first: unknown, maxPageSize: number): number {
  const n = typeof first === 'number' && Number.isFinite(first) ? Math.floor(first) : COST_UNITS.defaultPageSize;
  return Math.min(Math.max(n, 1), maxPageSize);
}

/** Intervals of `interval` in the range (TOTAL = 1), at least 1. */
function intervalsOf(interval: unknown, from: unknown, to: unknown): number {
  const length = typeof interval === 'string' ? INTERVAL_MS[interval] : undefined;
  if (length === undefined) return 1;
  return Math.max(1, Math.ceil(rangeMs(from, to) / length));
}

/** Distinct sources (contact records, agent events, Contact Lens, evaluations) of the requested metrics; at least 1. */
function metricSources(metrics: unknown): number {
  if (!Array.isArray(metrics)) return 1;
  const sources = new Set(metrics.map((m: { name?: unknown }) => (typeof m?.name === 'string' ? findMetric(m.name)?.source : undefined)).filter(Boolean));
  return Math.max(1, sources.size);
}

/**
 * The range a metrics input counts: widened to whole intervals in its time zone (see
 * `alignedMetricsRange`); as given when it cannot be planned (the resolver refuses it).
 */
function metricsRange(input: Record<string, unknown>): { from: unknown; to: unknown } {
  const given = { from: input.from, to: input.to };
  const { interval, timeZone } = input;
  const [from, to] = [instantOf(input.from), instantOf(input.to)];
  if (from === null || to === null || typeof interval !== 'string' || typeof timeZone !== 'string') return given;
  if (!(METRIC_INTERVALS as readonly string[]).includes(interval)) return given;
  try {
    return alignedMetricsRange({ from, to }, interval as MetricInterval, assertTimeZone(timeZone)) ?? given;
  } catch {
    return given;
  }
}

/** Cost of `Query.metrics`: scan + intervals × (groupings + 1) × metrics, over the range counted. */
function metricsCost(input: Record<string, unknown> | undefined): number {
  if (!input) return 1;
  const metrics = Array.isArray(input.metrics) ? input.metrics.length : 1;
  const groupings = Array.isArray(input.groupings) ? input.groupings.length : 0;
  const { from, to } = metricsRange(input);
  return scan(from, to, metricSources(input.metrics)) + intervalsOf(input.interval, from, to) * (groupings + 1) * Math.max(1, metrics);
}

/** Whether the field's type is a list (under a non-null wrapper or not). */
function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

type FieldCost = (a: ComplexityEstimatorArgs, options: CostModelOptions) => number;

const { lookup, live, listSize } = COST_UNITS;
/** A paged list of contacts in a range: scan the contact records of its days, then `first` × the selection. */
const pagedContacts: FieldCost = ({ args, childComplexity }, o) => scan(args.from, args.to, 1) + pageSize(args.first, o.maxPageSize) * childComplexity;

/** The fields that cost more than their selection; `Type.field` → cost. */
const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.agent': ({ childComplexity }) => lookup + childComplexity,
  'Query.queue': ({ childComplexity }) => lookup + childComplexity,
  // Without a hint a lookup reads the server's CONTACT_LOOKUP_MAX_DAYS (a bounded lookup); with
  // `initiatedAfter` it scans the hinted days (to `initiatedBefore`, or now), up to MAX_RANGE_DAYS.
  'Query.contact': ({ args, childComplexity }) => (args.initiatedAfter ? scan(args.initiatedAfter, args.initiatedBefore ?? new Date(), 1) : lookup) + childComplexity,
  'Query.agents': ({ args, childComplexity }, o) => lookup + pageSize(args.first, o.maxPageSize) * childComplexity,
  'Query.queues': ({ childComplexity }) => lookup + listSize * childComplexity,
  'Query.agentStates': ({ childComplexity }) => live + listSize * childComplexity,
  'Query.contacts': ({ args, childComplexity }, o) => {
    const filter = (args.filter ?? {}) as Record<string, unknown>;
    const sources = filter.contactLensCategory ? 2 : 1;
    return scan(filter.from, filter.to, sources) + pageSize(args.first, o.maxPageSize) * childComplexity;
  },
  'Query.evaluations': ({ args, childComplexity }, o) => {
    const filter = (args.filter ?? {}) as Record<string, unknown>;
    return scan(filter.from, filter.to, 1) + pageSize(args.first, o.maxPageSize) * childComplexity;
  },
  'Query.metrics': ({ args, childComplexity }) => metricsCost(args.input as Record<string, unknown> | undefined) + childComplexity,
  'Query.workload': ({ args, childComplexity }) => scan(args.from, args.to, 2) + listSize * childComplexity,
  'Agent.contacts': pagedContacts,
  'Queue.contacts': pagedContacts,
  'Agent.state': ({ childComplexity }) => live + childComplexity,
  'Agent.statistics': ({ args, childComplexity }) => scan(args.from, args.to, 2) + childComplexity,
  'Agent.statusHistory': ({ args, childComplexity }) => scan(args.from, args.to, 1) + listSize * childComplexity,
  'Agent.workload': ({ args, childComplexity }) => scan(args.from, args.to, 2) + listSize * childComplexity,
  'Queue.realtime': ({ childComplexity }) => live + childComplexity,
  // The contact counts come from a second live read (the instance's live contacts, shared by its queues
  // in one request): each selected contact field adds `live`, so selecting them costs what they read.
  'QueueRealtime.contactsInQueue': () => live,
  'QueueRealtime.contactsInQueueByChannel': () => live,
  'QueueRealtime.oldestContactInQueueAgeSeconds': () => live,
  'QueueRealtime.contactsConnected': () => live,
  'QueueRealtime.contactsScheduled': () => live,
  'Queue.statistics': ({ args, childComplexity }) => scan(args.from, args.to, 1) + childComplexity,
  'Contact.agent': ({ childComplexity }) => lookup + childComplexity,
  'Contact.queue': ({ childComplexity }) => lookup + childComplexity,
  'Contact.analysis': ({ childComplexity }) => lookup + childComplexity,
  'Contact.evaluations': ({ childComplexity }) => lookup + listSize * childComplexity,
  'Contact.journey': ({ childComplexity }) => lookup + listSize * childComplexity,
  'Contact.initialContact': ({ childComplexity }) => lookup + childComplexity,
  'Contact.previousContact': ({ childComplexity }) => lookup + childComplexity,
  'Contact.nextContact': ({ childComplexity }) => lookup + childComplexity,
  'Contact.transfers': ({ childComplexity }) => lookup + listSize * childComplexity,
  'AgentStateContact.contact': ({ childComplexity }) => lookup + childComplexity,
  'Evaluation.contact': ({ childComplexity }) => lookup + childComplexity,
  'Subscription.agentStateChanged': ({ childComplexity }) => live + childComplexity,
  'Subscription.queueRealtimeChanged': ({ childComplexity }) => live + childComplexity,
  'Subscription.serverTimeTicks': () => 1,
};

/**
 * The cost model as a graphql-query-complexity estimator: the field's entry in the table above,
 * else 0 for scalars, `child` for an object, `listSize` × `child` for a list of objects (a
 * connection's `edges`: `child`, its size is the connection's `first`).
 */
export function domainCostEstimator(options: CostModelOptions): ComplexityEstimator {
  return (a) => {
    const rule = FIELD_COSTS[`${a.type.name}.${a.field.name}`];
    if (rule) return rule(a, options);
    if (!isCompositeType(getNamedType(a.field.type))) return 0;
    if (isList(a.field.type) && !(a.field.name === 'edges' && a.type.name.endsWith('Connection'))) return listSize * a.childComplexity;
    return a.childComplexity;
  };
}

/** What {@link estimateOperationCost} needs of a request. */
export interface CostedRequest {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  /** The name of the operation to run (the request's `operationName`), when the document names it. */
  readonly operationName?: string;
  /** The request's variables: `first` and ranges given as variables are costed by their values. */
  readonly variables?: Record<string, unknown>;
}

/**
 * The estimated cost of the operation a request runs (see {@link COST_UNITS} for the model).
 * Operations, fragments, inline fragments, `@include`/`@skip` and variables are all taken into
 * account; introspection fields are costed like any other (an operation named `__schema` is not
 * exempt).
 * @throws QueryTooComplexError when the operation expands to more than {@link MAX_COSTED_NODES} fields.
 * @throws GraphQLError when the variables do not match their definitions (execution reports it too).
 */
export function estimateOperationCost(request: CostedRequest, options: CostModelOptions): number {
  try {
    return getComplexity({
      schema: request.schema,
      query: request.document,
      ...(request.operationName ? { operationName: request.operationName } : {}),
      variables: request.variables ?? {},
      estimators: [domainCostEstimator(options)],
      maxQueryNodes: MAX_COSTED_NODES,
    });
  } catch (error) {
    // Fragments spread inside fragments multiply the fields to visit (a short document can expand to millions).
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) throw tooManyNodesError();
    throw error;
  }
}

/** The most fields (fragments expanded) the estimate visits; an operation with more is refused. */
export const MAX_COSTED_NODES = 100_000;

/** The error of an operation whose fields, fragments expanded, are more than {@link MAX_COSTED_NODES}. */
export function tooManyNodesError(): QueryTooComplexError {
  return new QueryTooComplexError(
    `The operation expands to more than ${MAX_COSTED_NODES} fields once its fragments are spread; it cannot be run. Spread fewer fragments inside fragments, or split the operation.`,
    { rule: 'cost', maxNodes: MAX_COSTED_NODES },
  );
}
