import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createDuckDbViews } from '../../src/history/duckdb-reader';
import type {
  KpiAbandonedPerReasonQuery,
  KpiAbandonedPerReasonQueryVariables,
  KpiAgentStatusDashboardQuery,
  KpiAgentStatusDashboardQueryVariables,
  KpiAnsweredPerReasonQuery,
  KpiAnsweredPerReasonQueryVariables,
  KpiCallsPerReasonPerDayQuery,
  KpiCallsPerReasonPerDayQueryVariables,
  KpiContactJourneyQuery,
  KpiContactJourneyQueryVariables,
  KpiCustomerLoyaltyRiskQuery,
  KpiCustomerLoyaltyRiskQueryVariables,
  KpiDisconnectReasonsQuery,
  KpiDisconnectReasonsQueryVariables,
  KpiEvaluationScoresQuery,
  KpiEvaluationScoresQueryVariables,
  KpiSentimentQuery,
  KpiSentimentQueryVariables,
} from '../generated/operations';
import { postOperation, type GraphQLResponse } from '../helpers/graphql-client';
import { readRaw } from '../helpers/raw-records';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

/**
 * The Data Analytics Sample's KPIs (seed 004, "Query and Visualize Amazon Connect data"): each one
 * GraphQL operation of test/operations/kpis.graphql against the real server, and a hand-written SQL
 * of the same KPI — the sample's query adapted to the JSON layout (PascalCase CTR/agent-event
 * columns, camelCase Contact Lens/evaluation columns), with CTRs de-duplicated by ContactId (greatest
 * LastUpdateTimestamp) and Contact Lens / evaluations joined by contact id, not by partition — on a
 * direct DuckDB connection over the same folder. Where the API's documented definition deliberately
 * differs from the sample, the SQL implements the API's definition and says why.
 */

const TIME_ZONE = 'America/New_York';
/** The two local days of the shared test data set (TEST_DATA starts 2026-11-19, two UTC days). */
const LOCAL_RANGE = { from: '2026-11-19T00:00:00-05:00', to: '2026-11-21T00:00:00-05:00', timeZone: TIME_ZONE };
const UTC_RANGE = { from: '2026-11-19T00:00:00Z', to: '2026-11-21T00:00:00Z' };
const LOYALTY_RISK = 'customer-loyalty-risk';
/** The instant the agent status dashboard is taken at (agents are working then). */
const DASHBOARD_AT = '2026-11-20T15:00:00Z';

/** The de-duplicated contacts: per ContactId the delivery with the greatest LastUpdateTimestamp. */
const DEDUPED_CTR = `ctr AS (
  SELECT * FROM connect_ctr
  QUALIFY row_number() OVER (PARTITION BY ContactId ORDER BY CAST(LastUpdateTimestamp AS TIMESTAMPTZ) DESC) = 1
)`;

/**
 * The CallReason attribute as the API reads it: the key as spelled, else any spelling (the sample's
 * Athena SerDe lower-cases keys: `json_extract(attributes, '$.callreason')`); an empty value is absent.
 */
const CALL_REASON = `coalesce(
  NULLIF(json_extract_string(Attributes, '$.CallReason'), ''),
  NULLIF(json_extract_string(Attributes, '$."' || list_filter(json_keys(Attributes), k -> lower(k) = 'callreason')[1] || '"'), ''))`;

/**
 * The API leaves out rows without a grouping value unless the request sets `includeUnassigned`
 * (the KPI operations do not): contacts without a CallReason are not a "call reason" row.
 */
const HAS_CALL_REASON = `${CALL_REASON} IS NOT NULL`;

const localDay = (column: string): string => `strftime(timezone('${TIME_ZONE}', CAST(${column} AS TIMESTAMPTZ)), '%Y-%m-%d')`;
const inLocalRange = (column: string): string =>
  `CAST(${column} AS TIMESTAMPTZ) >= TIMESTAMPTZ '${LOCAL_RANGE.from}' AND CAST(${column} AS TIMESTAMPTZ) < TIMESTAMPTZ '${LOCAL_RANGE.to}'`;

/**
 * The API's "abandoned" (CONTACTS_ABANDONED): queued, never connected to an agent, not continued as
 * another contact (callback original, queue transfer) and not EXPIRED. The sample's `agent IS NULL`
 * also counts contacts that never reached a queue (IVR hang-ups) and callback originals, which
 * Connect does not call abandoned.
 */
const ABANDONED = `Queue.EnqueueTimestamp IS NOT NULL AND Agent.ConnectedToAgentTimestamp IS NULL AND Agent.ARN IS NULL
  AND NextContactId IS NULL AND coalesce(DisconnectReason, '') <> 'EXPIRED'`;
/** Connected to an agent (the sample's `agent IS NOT NULL`: the CTR has an Agent only when one connected). */
const HANDLED = 'Agent.ConnectedToAgentTimestamp IS NOT NULL';

/** A number rounded to 3 decimals (averages: the API divides exact sums in TypeScript, SQL averages doubles). */
const r3 = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);

/** `YYYY-MM-DD` of an interval's local start, e.g. 2026-11-19T00:00:00-05:00. */
const dayOf = (intervalStartLocal: string): string => intervalStartLocal.slice(0, 10);

/** Sorts rows by their JSON text, so that row order never matters. */
const sorted = <T>(rows: T[]): T[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/**
 * Equal groups and counts, averages within 0.005: evaluation scores are REAL (32-bit) columns, so the
 * SQL average of the float values and the API's doubles differ in the 4th decimal.
 */
function expectScores(api: { key: string; avg: number | null; n: number }[], fromSql: { key: string; avg: number | null; n: number }[]): void {
  const byKey = (rows: typeof api) => [...rows].sort((a, b) => a.key.localeCompare(b.key));
  const [a, e] = [byKey(api), byKey(fromSql)];
  expect(a.map(({ key, n }) => ({ key, n }))).toEqual(e.map(({ key, n }) => ({ key, n })));
  a.forEach((row, i) => expect(Math.abs((row.avg ?? 0) - (e[i].avg ?? 0))).toBeLessThan(0.005));
}

/** The value of one metric of a row. */
function metricValue(metrics: readonly { name: string; value: number | null }[], name: string): number | null {
  const m = metrics.find((x) => x.name === name);
  if (!m) throw new Error(`metric ${name} missing from the response`);
  return m.value;
}

/** The data of a response, failing on GraphQL errors. */
function dataOf<T>(res: { status: number; body: GraphQLResponse<T> }): T {
  expect(res.body.errors).toBeUndefined();
  expect(res.status).toBe(200);
  return res.body.data as T;
}

describe('the sample KPIs: one GraphQL operation each, equal to a hand-written SQL of the KPI', () => {
  let server: TestServer;
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  /** Runs hand-written SQL on the direct DuckDB connection. */
  const sqlRows = async <Row = Record<string, string | number | null>>(text: string, params: (string | number)[] = []): Promise<Row[]> =>
    (await db.runAndReadAll(text, params)).getRowObjectsJson() as Row[];

  beforeAll(async () => {
    server = await startTestServer();
    instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    db = await instance.connect();
    await createDuckDbViews((sql) => db.run(sql), server.dataDir);
  });

  afterAll(async () => {
    db?.closeSync();
    instance?.closeSync();
    await server?.stop();
  });

  it('calls per call reason per day', async () => {
    const data = dataOf(await postOperation<KpiCallsPerReasonPerDayQuery, KpiCallsPerReasonPerDayQueryVariables>(server.url, 'kpis', 'KpiCallsPerReasonPerDay', LOCAL_RANGE));
    const api = data.metrics.rows.map((r) => ({
      day: dayOf(r.intervalStartLocal),
      reason: r.dimensions[0].value,
      calls: metricValue(r.metrics, 'CONTACTS_CREATED'),
      handled: metricValue(r.metrics, 'CONTACTS_HANDLED'),
    }));
    const expected = await sqlRows(`WITH ${DEDUPED_CTR}
SELECT ${localDay('InitiationTimestamp')} AS day, ${CALL_REASON} AS reason, count(ContactId) AS calls, count(*) FILTER (WHERE ${HANDLED}) AS handled
FROM ctr WHERE ${inLocalRange('InitiationTimestamp')} AND ${HAS_CALL_REASON}
GROUP BY 1, 2`);
    expect(expected.length).toBeGreaterThan(2);
    expect(new Set(expected.map((r) => r.reason)).size).toBeGreaterThan(1);
    expect(sorted(api)).toEqual(sorted(expected.map((r) => ({ day: r.day, reason: r.reason, calls: Number(r.calls), handled: Number(r.handled) }))));
  });

  it.each([
    ['12 s, the sample\'s threshold', 12],
    ['60 s, where the generated data has abandons on both sides', 60],
  ])('abandoned calls per call reason: count, average abandon time, abandoned after more than %s', async (_name, afterSeconds) => {
    const data = dataOf(
      await postOperation<KpiAbandonedPerReasonQuery, KpiAbandonedPerReasonQueryVariables>(server.url, 'kpis', 'KpiAbandonedPerReason', { ...LOCAL_RANGE, afterSeconds }),
    );
    const api = data.metrics.rows
      .map((r) => {
        const abandoned = metricValue(r.metrics, 'CONTACTS_ABANDONED') ?? 0;
        const within = r.metrics.find((m) => m.name === 'SUM_CONTACTS_ABANDONED_IN_X' && m.threshold?.seconds === afterSeconds && m.threshold.comparison === 'LTE');
        if (!within) throw new Error('SUM_CONTACTS_ABANDONED_IN_X (LTE) missing from the response');
        return { day: dayOf(r.intervalStartLocal), reason: r.dimensions[0].value, abandoned, avgAbandonTime: r3(metricValue(r.metrics, 'AVG_ABANDON_TIME')), over: abandoned - (within.value ?? 0) };
      })
      .filter((r) => r.abandoned > 0);
    // The sample: WHERE agent IS NULL [AND queue.duration > 12], avg(queue.duration) — with the API's "abandoned" (see ABANDONED).
    // A null Queue.Duration counts 0 in the average (the API sums coalesce(duration, 0)); `> X` is the sample's own predicate.
    const expected = await sqlRows(
      `WITH ${DEDUPED_CTR}
SELECT ${localDay('InitiationTimestamp')} AS day, ${CALL_REASON} AS reason, count(*) AS abandoned,
  round(avg(coalesce(Queue.Duration, 0)), 3) AS avg_abandon_time, count(*) FILTER (WHERE Queue.Duration > $1) AS over
FROM ctr WHERE ${inLocalRange('InitiationTimestamp')} AND ${ABANDONED} AND ${HAS_CALL_REASON}
GROUP BY 1, 2`,
      [afterSeconds],
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.some((r) => Number(r.over) > 0)).toBe(true);
    if (afterSeconds === 60) expect(expected.some((r) => Number(r.over) < Number(r.abandoned))).toBe(true);
    expect(sorted(api)).toEqual(
      sorted(expected.map((r) => ({ day: r.day, reason: r.reason, abandoned: Number(r.abandoned), avgAbandonTime: r3(r.avg_abandon_time), over: Number(r.over) }))),
    );
  });

  it('answered calls per call reason: average queue time, interaction time and after-contact work', async () => {
    const data = dataOf(await postOperation<KpiAnsweredPerReasonQuery, KpiAnsweredPerReasonQueryVariables>(server.url, 'kpis', 'KpiAnsweredPerReason', LOCAL_RANGE));
    const api = data.metrics.rows
      .map((r) => ({
        day: dayOf(r.intervalStartLocal),
        reason: r.dimensions[0].value,
        answered: metricValue(r.metrics, 'CONTACTS_HANDLED'),
        queueTime: r3(metricValue(r.metrics, 'AVG_QUEUE_ANSWER_TIME')),
        interaction: r3(metricValue(r.metrics, 'AVG_INTERACTION_TIME')),
        acw: r3(metricValue(r.metrics, 'AVG_AFTER_CONTACT_WORK_TIME')),
      }))
      .filter((r) => (r.answered ?? 0) > 0);
    // The sample: WHERE agent IS NOT NULL, avg(queue.duration), avg(agentinteractionduration), avg(aftercontactworkduration).
    // Differences, by the API's definitions: the queue time averages the contacts answered *from a queue*
    // (outbound calls have no queue time; the sample's avg skips their null), and a missing interaction or
    // ACW duration counts 0 (Connect's AVG_* over contacts handled) where the sample's avg would skip it.
    const expected = await sqlRows(`WITH ${DEDUPED_CTR}
SELECT ${localDay('InitiationTimestamp')} AS day, ${CALL_REASON} AS reason, count(ContactId) AS answered,
  round(avg(coalesce(Queue.Duration, 0)) FILTER (WHERE Queue.EnqueueTimestamp IS NOT NULL), 3) AS queue_time,
  round(avg(coalesce(Agent.AgentInteractionDuration, 0)), 3) AS interaction,
  round(avg(coalesce(Agent.AfterContactWorkDuration, 0)), 3) AS acw
FROM ctr WHERE ${inLocalRange('InitiationTimestamp')} AND ${HANDLED} AND ${HAS_CALL_REASON}
GROUP BY 1, 2`);
    expect(expected.length).toBeGreaterThan(2);
    expect(sorted(api)).toEqual(
      sorted(expected.map((r) => ({ day: r.day, reason: r.reason, answered: Number(r.answered), queueTime: r3(r.queue_time), interaction: r3(r.interaction), acw: r3(r.acw) }))),
    );
  });

  it('agent status dashboard: status, number of contacts, contact state, queue and call reason of the newest event per agent', async () => {
    // The sample: per agent the newest non-HEART_BEAT event (max EventTimestamp), not Offline; contacts[1]
    // state, queue name and contact id when the agent has exactly one contact; the call reason of that
    // contact — here from its de-duplicated CTR (the sample's CFL sub-select takes any CallReason of the day, LIMIT 1).
    // The dashboard is taken as of mid-afternoon of the second day (the sample run at that moment): at the
    // end of the data set every agent has logged out.
    const dashboard = await sqlRows<{ event_id: string; username: string; status: string; contacts: number | string; contact_state: string; contact_queue: string; contact_id: string; call_reason: string | null }>(`
WITH ${DEDUPED_CTR},
dataset AS (
  SELECT EventId AS event_id, CAST(EventTimestamp AS TIMESTAMPTZ) AS last_update_time, CurrentAgentSnapshot.Configuration.Username AS username,
    CurrentAgentSnapshot.AgentStatus.Name AS status, CurrentAgentSnapshot.Contacts AS contacts
  FROM connect_ae WHERE EventType <> 'HEART_BEAT' AND CAST(EventTimestamp AS TIMESTAMPTZ) <= TIMESTAMPTZ '${DASHBOARD_AT}'
  QUALIFY row_number() OVER (PARTITION BY AgentARN ORDER BY CAST(EventTimestamp AS TIMESTAMPTZ) DESC, EventId DESC) = 1
)
SELECT d.event_id, d.username, d.status, len(d.contacts) AS contacts,
  CASE len(d.contacts) WHEN 1 THEN d.contacts[1].State ELSE '' END AS contact_state,
  CASE len(d.contacts) WHEN 1 THEN d.contacts[1].Queue.Name ELSE '' END AS contact_queue,
  CASE len(d.contacts) WHEN 1 THEN d.contacts[1].ContactId ELSE '' END AS contact_id,
  CASE len(d.contacts) WHEN 1 THEN (SELECT ${CALL_REASON} FROM ctr WHERE ctr.ContactId = d.contacts[1].ContactId) ELSE '' END AS call_reason
FROM dataset d`);
    expect(dashboard.length).toBeGreaterThan(1);

    // The live state: ingest exactly those events (as Connect published them) through the ingest endpoint.
    const latest = new Set(dashboard.map((r) => r.event_id));
    const events = readRaw<{ EventId: string }>(server.dataDir, 'ae').filter((e) => latest.has(e.EventId));
    const unique = [...new Map(events.map((e) => [e.EventId, e])).values()];
    expect(unique).toHaveLength(latest.size);
    const ingest = await fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(unique) });
    expect(ingest.status).toBe(200);

    const data = dataOf(await postOperation<KpiAgentStatusDashboardQuery, KpiAgentStatusDashboardQueryVariables>(server.url, 'kpis', 'KpiAgentStatusDashboard', {}));
    const api = data.agentStates.map((a) => ({
      username: a.username,
      status: a.status,
      contacts: a.contacts.length,
      contactState: a.contacts.length === 1 ? a.contacts[0].state : '',
      contactQueue: a.contacts.length === 1 ? (a.contacts[0].queue ?? '') : '',
      contactId: a.contacts.length === 1 ? a.contacts[0].contactId : '',
      callReason: a.contacts.length === 1 ? (a.contacts[0].contact?.callReason ?? null) : '',
    }));
    // WHERE current_status <> 'Offline' (the operation filters on every activity but OFFLINE).
    const expected = dashboard
      .filter((r) => r.status !== 'Offline')
      .map((r) => ({
        username: r.username,
        status: r.status,
        contacts: Number(r.contacts),
        contactState: r.contact_state,
        contactQueue: r.contact_queue ?? '',
        contactId: r.contact_id,
        callReason: r.call_reason,
      }));
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.some((r) => r.contacts === 1 && r.callReason !== null)).toBe(true);
    expect(api).toEqual([...expected].sort((a, b) => a.username.localeCompare(b.username)));
  });

  it('customer journey and DTMF inputs of a contact', async () => {
    const [{ contact_id: contactId }] = await sqlRows<{ contact_id: string }>(`
SELECT json_extract_string(message, '$.ContactId') AS contact_id FROM connect_cfl
WHERE json_extract_string(message, '$.ContactFlowModuleType') = 'GetUserInput' AND NULLIF(json_extract_string(message, '$.Results'), '') IS NOT NULL
ORDER BY 1 LIMIT 1`);
    const data = dataOf(await postOperation<KpiContactJourneyQuery, KpiContactJourneyQueryVariables>(server.url, 'kpis', 'KpiContactJourney', {
      contactId,
      // The shared test data's days: a lookup by id without a hint reads only the last CONTACT_LOOKUP_MAX_DAYS days before today.
      initiatedAfter: `${TEST_DATA.start}T00:00:00Z`,
      initiatedBefore: new Date(Date.parse(`${TEST_DATA.start}T00:00:00Z`) + TEST_DATA.days * 86_400_000).toISOString(),
    }));
    // The sample's journey trace for one contact (every logged block, ordered by time), CloudWatch
    // re-deliveries dropped (one row per eventid), across every partition the contact's entries landed in.
    const journey = await sqlRows<{ event_id: string; ts: string; flow: string | null; module: string | null; results: string | null }>(
      `
SELECT eventid AS event_id, json_extract_string(message, '$.Timestamp') AS ts, json_extract_string(message, '$.ContactFlowName') AS flow,
  json_extract_string(message, '$.ContactFlowModuleType') AS module, json_extract_string(message, '$.Results') AS results
FROM connect_cfl WHERE json_extract_string(message, '$.ContactId') = $1
QUALIFY row_number() OVER (PARTITION BY eventid ORDER BY "timestamp") = 1
ORDER BY CAST(ts AS TIMESTAMPTZ), CAST("timestamp" AS TIMESTAMPTZ), eventid`,
      [contactId],
    );
    expect(journey.length).toBeGreaterThan(2);
    const contact = data.contact!;
    expect(contact.journey.map((s) => ({ eventId: s.eventId, ts: Date.parse(s.timestamp), flow: s.contactFlowName, module: s.moduleType, results: s.results }))).toEqual(
      journey.map((s) => ({ eventId: s.event_id, ts: Date.parse(s.ts), flow: s.flow, module: s.module, results: s.results })),
    );
    // The sample's DTMF query: GetUserInput blocks with a result.
    const dtmf = journey.filter((s) => s.module === 'GetUserInput' && s.results !== null && s.results !== '');
    expect(dtmf.length).toBeGreaterThan(0);
    expect(contact.dtmfInputs.map((d) => ({ ts: Date.parse(d.timestamp), flow: d.contactFlowName, result: d.result }))).toEqual(
      dtmf.map((s) => ({ ts: Date.parse(s.ts), flow: s.flow, result: s.results })),
    );
  });

  it('disconnect reasons over a date range', async () => {
    const data = dataOf(await postOperation<KpiDisconnectReasonsQuery, KpiDisconnectReasonsQueryVariables>(server.url, 'kpis', 'KpiDisconnectReasons', UTC_RANGE));
    const api = data.metrics.rows.map((r) => ({ reason: r.dimensions[0].value, contacts: metricValue(r.metrics, 'CONTACTS_CREATED'), disconnected: metricValue(r.metrics, 'SUM_CONTACTS_DISCONNECTED') }));
    // The sample selects disconnectreason of the CTRs whose partition date is in the range; the
    // partition is the UTC day of InitiationTimestamp, so the range is on the initiation time.
    const expected = await sqlRows(`WITH ${DEDUPED_CTR}
SELECT DisconnectReason AS reason, count(*) AS contacts, count(DisconnectTimestamp) AS disconnected
FROM ctr WHERE CAST(InitiationTimestamp AS TIMESTAMPTZ) >= TIMESTAMPTZ '${UTC_RANGE.from}' AND CAST(InitiationTimestamp AS TIMESTAMPTZ) < TIMESTAMPTZ '${UTC_RANGE.to}'
GROUP BY 1`);
    expect(expected.length).toBeGreaterThan(2);
    expect(sorted(api)).toEqual(sorted(expected.map((r) => ({ reason: r.reason, contacts: Number(r.contacts), disconnected: Number(r.disconnected) }))));
  });

  it('Contact Lens average sentiment per day and per day and queue, joined by contact', async () => {
    const data = dataOf(await postOperation<KpiSentimentQuery, KpiSentimentQueryVariables>(server.url, 'kpis', 'KpiSentiment', LOCAL_RANGE));
    const shape = (day: string, queue: string | null | undefined, metrics: readonly { name: string; value: number | null }[]) => ({
      day,
      ...(queue === undefined ? {} : { queue }),
      agent: r3(metricValue(metrics, 'AVG_SENTIMENT_AGENT')),
      customer: r3(metricValue(metrics, 'AVG_SENTIMENT_CUSTOMER')),
      analyzed: metricValue(metrics, 'CONTACTS_ANALYZED'),
    });
    const apiPerDay = data.perDay.rows.map((r) => shape(dayOf(r.intervalStartLocal), undefined, r.metrics));
    const apiPerQueue = data.perDayAndQueue.rows.map((r) => shape(dayOf(r.intervalStartLocal), r.dimensions[0].value, r.metrics));
    // The sample: avg(coalesce(overallsentiment…, 0)) by date_trunc('day', recordingtimestamp), and per
    // queue joined to connect_ctr ON contactid AND year/month/day. By the API's definition: the analysis
    // (the latest per contact) is joined by contact id only — a call starting before midnight is recorded
    // after it, and the partition join would drop it — and counted on the contact's local initiation day;
    // a missing sentiment is left out of the average (counting it as 0 would pull the average towards neutral).
    const cteAndJoin = `WITH ${DEDUPED_CTR},
cl AS (SELECT * FROM connect_cl QUALIFY row_number() OVER (PARTITION BY contactId ORDER BY CAST(recordingTimestamp AS TIMESTAMPTZ) DESC) = 1)
SELECT ${localDay('ctr.InitiationTimestamp')} AS day, __QUEUE__
  round(avg(cl.overallSentimentAgent), 3) AS agent, round(avg(cl.overallSentimentCustomer), 3) AS customer, count(*) AS analyzed
FROM cl JOIN ctr ON ctr.ContactId = cl.contactId
WHERE ${inLocalRange('ctr.InitiationTimestamp')}`;
    const perDay = await sqlRows(`${cteAndJoin.replace('__QUEUE__', '')} GROUP BY 1`);
    const perQueue = await sqlRows(`${cteAndJoin.replace('__QUEUE__', 'ctr.Queue.Name AS queue,')} GROUP BY 1, 2`);
    const fromSql = (r: Record<string, string | number | null>, withQueue: boolean) => ({
      day: r.day as string,
      ...(withQueue ? { queue: r.queue } : {}),
      agent: r3(r.agent),
      customer: r3(r.customer),
      analyzed: Number(r.analyzed),
    });
    expect(perDay.length).toBe(2);
    expect(perQueue.length).toBeGreaterThan(2);
    expect(sorted(apiPerDay)).toEqual(sorted(perDay.map((r) => fromSql(r, false))));
    expect(sorted(apiPerQueue)).toEqual(sorted(perQueue.map((r) => fromSql(r, true))));
  });

  it(`contacts matching ${LOYALTY_RISK}`, async () => {
    const api: { contactId: string; initiationTimestamp: number; phone: string | null }[] = [];
    let after: string | null | undefined;
    do {
      const data = dataOf(
        await postOperation<KpiCustomerLoyaltyRiskQuery, KpiCustomerLoyaltyRiskQueryVariables>(server.url, 'kpis', 'KpiCustomerLoyaltyRisk', { ...UTC_RANGE, category: LOYALTY_RISK, first: 100, after }),
      );
      for (const { node } of data.contacts.edges) {
        expect(node.analysis?.matchedCategories).toContain(LOYALTY_RISK);
        api.push({ contactId: node.contactId, initiationTimestamp: Date.parse(node.initiationTimestamp), phone: node.customerEndpoint?.address ?? null });
      }
      after = data.contacts.pageInfo.hasNextPage ? data.contacts.pageInfo.endCursor : null;
    } while (after);
    // The sample: connect_cl JOIN connect_ctr ON contactid (and partition day) WHERE contains(matchedcategories, …);
    // here joined by contact id only, and one row per contact (the CTR de-duplicated).
    const expected = await sqlRows<{ contact_id: string; initiation: string; phone: string | null }>(`WITH ${DEDUPED_CTR}
SELECT ctr.ContactId AS contact_id, ctr.InitiationTimestamp AS initiation, ctr.CustomerEndpoint.Address AS phone
FROM ctr WHERE ctr.ContactId IN (SELECT contactId FROM connect_cl WHERE list_contains(matchedCategories, '${LOYALTY_RISK}'))
  AND CAST(ctr.InitiationTimestamp AS TIMESTAMPTZ) >= TIMESTAMPTZ '${UTC_RANGE.from}' AND CAST(ctr.InitiationTimestamp AS TIMESTAMPTZ) < TIMESTAMPTZ '${UTC_RANGE.to}'
ORDER BY CAST(ctr.InitiationTimestamp AS TIMESTAMPTZ), ctr.ContactId`);
    expect(expected.length).toBeGreaterThan(0);
    expect(api).toEqual(expected.map((r) => ({ contactId: r.contact_id, initiationTimestamp: Date.parse(r.initiation), phone: r.phone })));
  });

  it('evaluation scores per form, per section, per day', async () => {
    const range = { from: '2026-11-19T00:00:00Z', to: '2026-12-25T00:00:00Z' };
    const evaluations: KpiEvaluationScoresQuery['evaluations']['edges'][number]['node'][] = [];
    let after: string | null | undefined;
    do {
      const data = dataOf(await postOperation<KpiEvaluationScoresQuery, KpiEvaluationScoresQueryVariables>(server.url, 'kpis', 'KpiEvaluationScores', { ...range, first: 100, after }));
      evaluations.push(...data.evaluations.edges.map((e) => e.node));
      after = data.evaluations.pageInfo.hasNextPage ? data.evaluations.pageInfo.endCursor : null;
    } while (after);
    // The client's part of the KPI: averages per (UTC submission day, form) and (day, form, section), null as 0.
    const average = (groups: Map<string, number[]>) => [...groups].map(([key, scores]) => ({ key, avg: r3(scores.reduce((a, b) => a + b, 0) / scores.length), n: scores.length }));
    const byForm = new Map<string, number[]>();
    const bySection = new Map<string, number[]>();
    for (const e of evaluations) {
      const day = e.submittedAt.slice(0, 10);
      const formKey = JSON.stringify([day, e.formTitle]);
      byForm.set(formKey, [...(byForm.get(formKey) ?? []), e.totalScorePercentage ?? 0]);
      for (const s of e.sectionScores) {
        const sectionKey = JSON.stringify([day, e.formTitle, s.sectionTitle]);
        bySection.set(sectionKey, [...(bySection.get(sectionKey) ?? []), s.scorePercentage ?? 0]);
      }
    }
    // The sample's "average total scores per day" and "average scores per section, per day" (round(avg(coalesce(x, 0)), 2),
    // compared at 3 decimals), evaluations de-duplicated by evaluationId (the latest submission).
    const ef = `WITH ef AS (
  SELECT * FROM connect_ef
  WHERE CAST(evaluationSubmitTimestamp AS TIMESTAMPTZ) >= TIMESTAMPTZ '${range.from}' AND CAST(evaluationSubmitTimestamp AS TIMESTAMPTZ) < TIMESTAMPTZ '${range.to}'
  QUALIFY row_number() OVER (PARTITION BY evaluationId ORDER BY CAST(evaluationSubmitTimestamp AS TIMESTAMPTZ) DESC) = 1
)`;
    const day = `strftime(timezone('UTC', CAST(evaluationSubmitTimestamp AS TIMESTAMPTZ)), '%Y-%m-%d')`;
    const forms = await sqlRows(`${ef}
SELECT to_json([${day}, evaluationDefinitionTitle])::VARCHAR AS key, round(avg(coalesce(evaluationFormTotalScorePercentage, 0)), 3) AS avg, count(*) AS n
FROM ef GROUP BY ALL`);
    const sections = await sqlRows(`${ef}
SELECT to_json([${day}, evaluationDefinitionTitle, s.sectionTitle])::VARCHAR AS key, round(avg(coalesce(s.sectionScorePercentage, 0)), 3) AS avg, count(*) AS n
FROM ef CROSS JOIN UNNEST(evaluationSectionsScores) AS u(s) GROUP BY ALL`);
    const fromSql = (rows: Record<string, string | number | null>[]) => rows.map((r) => ({ key: JSON.stringify(JSON.parse(String(r.key))), avg: r3(r.avg), n: Number(r.n) }));
    expect(forms.length).toBeGreaterThan(1);
    expect(sections.length).toBeGreaterThan(forms.length);
    expectScores(average(byForm), fromSql(forms));
    expectScores(average(bySection), fromSql(sections));
  });
});
