import { postQuery, type GraphQLResponse } from '../helpers/graphql-client';
import { crossDayDataDir, readRawRecords } from '../helpers/raw-records';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

/** The raw records the tests compare against, read from the files without any engine. */
interface RawCtr {
  ContactId: string;
  InitiationTimestamp: string;
  LastUpdateTimestamp: string;
  InitiationMethod: string;
  Channel: string;
  Attributes: Record<string, string>;
  InitialContactId: string | null;
  PreviousContactId: string | null;
  NextContactId: string | null;
  MediaStreams: { Type: string }[];
  References: { Name: string; Type: string; Value: string }[];
  Recordings: { Location: string; MediaStreamType: string; Status: string; StorageType: string }[] | null;
  Recording: { Location: string; Status: string; Type: string } | null;
  Agent: { ARN: string; HierarchyGroups: Record<string, { ARN: string; GroupName: string } | null> } | null;
}
interface RawCfl {
  timestamp: string;
  eventid: string;
  message: {
    ContactId: string;
    ContactFlowId: string;
    ContactFlowName: string;
    ContactFlowModuleType: string;
    Identifier: string;
    Timestamp: string;
    Parameters: Record<string, unknown>;
    Results?: string;
    ExternalResults?: Record<string, unknown>;
  };
}
interface RawCl {
  contactId: string;
  recordingTimestamp: string;
  matchedCategories: string[];
  overallSentimentAgent: number | null;
  overallSentimentCustomer: number | null;
  totalConversationDuration: number | null;
  talkTimeTotal: number | null;
  talkTimeAgent: number | null;
  talkTimeCustomer: number | null;
  nonTalkTimeTotal: number | null;
  interruptionsTotalCount: number | null;
  averageWordsPerMinuteAgent: number | null;
  averageWordsPerMinuteCustomer: number | null;
  callSummary: { issuesDetectedCount: number; actionItemsDetectedCount: number; outcomesDetectedCount: number };
}
interface RawEf {
  evaluationId: string;
  contactId: string;
  agentId: string;
  evaluator: string;
  evaluationDefinitionTitle: string;
  evaluationStartTimestamp: string;
  evaluationSubmitTimestamp: string;
  evaluationFormTotalScorePercentage: number | null;
  evaluationSectionsScores: { sectionRefId: string; sectionTitle: string; sectionScorePercentage: number | null }[];
  evaluationQuestionAnswers: {
    questionRefId: string;
    sectionRefId: string;
    sectionTitle: string | null;
    parentSectionRefId: string | null;
    parentSectionTitle: string | null;
    fullSectionTitle: string | null;
    questionType: string;
    questionText: string;
    questionAnswerValue?: string | null;
    questionAnswerValueRefId?: string | null;
    questionAnswerScorePercentage?: number | null;
  }[];
}

/** What the API answers (the fields the documents below select). */
interface Step {
  timestamp: string;
  loggedTimestamp: string | null;
  eventId: string;
  contactFlowId: string | null;
  contactFlowName: string | null;
  moduleType: string | null;
  identifier: string | null;
  parameters: Record<string, unknown>;
  results: string | null;
  externalResults: Record<string, unknown> | null;
}
interface ApiEvaluation {
  evaluationId: string;
  contactId: string;
  agentId: string | null;
  evaluator: string | null;
  formTitle: string | null;
  startedAt: string | null;
  submittedAt: string;
  totalScorePercentage: number | null;
  sectionScores: unknown[];
  answers: unknown[];
  contact?: { contactId: string } | null;
}
interface DetailedContact {
  contactId: string;
  initiationMethod: string;
  channel: string;
  callReason: string | null;
  journey: Step[];
  dtmfInputs: { timestamp: string; contactFlowName: string | null; identifier: string | null; result: string }[];
  analysis: Record<string, unknown> | null;
  evaluations: ApiEvaluation[];
}
type Page<T> = { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const EVALUATION_FIELDS = `evaluationId contactId agentId evaluator formTitle startedAt submittedAt totalScorePercentage
  sectionScores { sectionRefId sectionTitle scorePercentage }
  answers { questionRefId questionType questionText sectionRefId sectionTitle parentSectionRefId parentSectionTitle fullSectionTitle value valueRefId scorePercentage }`;
const ANALYSIS_FIELDS = `recordingTimestamp channel languageCode matchedCategories overallSentimentAgent overallSentimentCustomer
  totalConversationDurationSeconds talkTimeTotalSeconds talkTimeAgentSeconds talkTimeCustomerSeconds nonTalkTimeTotalSeconds
  interruptionsTotalCount averageWordsPerMinuteAgent averageWordsPerMinuteCustomer
  callSummary { issuesDetectedCount actionItemsDetectedCount outcomesDetectedCount }`;
const DETAILS = `fragment Details on Contact {
  contactId initiationMethod channel callReason: attribute(name: "CallReason")
  journey { timestamp loggedTimestamp eventId contactFlowId contactFlowName moduleType identifier parameters results externalResults }
  dtmfInputs { timestamp contactFlowName identifier result }
  analysis { ${ANALYSIS_FIELDS} }
  evaluations { ${EVALUATION_FIELDS} }
}`;
const CONTACTS_WITH_DETAILS = `query ($filter: ContactFilter!, $first: Int, $after: String) {
  contacts(filter: $filter, first: $first, after: $after) { edges { node { ...Details } } pageInfo { hasNextPage endCursor } }
}
${DETAILS}`;
const EVALUATIONS = `query ($filter: EvaluationFilter!, $first: Int, $after: String) {
  evaluations(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${EVALUATION_FIELDS} contact { contactId } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const range = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-21T00:00:00Z' };
/** Evaluations come 1–5 days after their contacts. */
/** The initiation hint of a lookup by id: the test data's days (a lookup without one reads only the last CONTACT_LOOKUP_MAX_DAYS days before today). */
const initiated = { after: range.from, before: range.to };
const evaluationRange = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-12-01T00:00:00Z' };

/** The latest delivery of every contact on disk. */
function latestCtrs(dataDir: string): Map<string, RawCtr> {
  const latest = new Map<string, RawCtr>();
  for (const { record } of readRawRecords<RawCtr>(dataDir, 'ctr')) {
    const seen = latest.get(record.ContactId);
    if (!seen || Date.parse(record.LastUpdateTimestamp) > Date.parse(seen.LastUpdateTimestamp)) latest.set(record.ContactId, record);
  }
  return latest;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A raw flow log row as the API should answer it. */
const expectedStep = (row: RawCfl): Step => ({
  timestamp: row.message.Timestamp,
  loggedTimestamp: row.timestamp,
  eventId: row.eventid,
  contactFlowId: row.message.ContactFlowId,
  contactFlowName: row.message.ContactFlowName,
  moduleType: row.message.ContactFlowModuleType,
  identifier: row.message.Identifier,
  parameters: row.message.Parameters,
  results: row.message.Results ?? null,
  externalResults: row.message.ExternalResults ?? null,
});

/** A raw Contact Lens row as the API should answer it. */
const expectedAnalysis = (row: RawCl) => ({
  recordingTimestamp: row.recordingTimestamp,
  channel: 'VOICE',
  languageCode: 'en-US',
  matchedCategories: row.matchedCategories,
  overallSentimentAgent: row.overallSentimentAgent,
  overallSentimentCustomer: row.overallSentimentCustomer,
  totalConversationDurationSeconds: row.totalConversationDuration,
  talkTimeTotalSeconds: row.talkTimeTotal,
  talkTimeAgentSeconds: row.talkTimeAgent,
  talkTimeCustomerSeconds: row.talkTimeCustomer,
  nonTalkTimeTotalSeconds: row.nonTalkTimeTotal,
  interruptionsTotalCount: row.interruptionsTotalCount,
  averageWordsPerMinuteAgent: row.averageWordsPerMinuteAgent,
  averageWordsPerMinuteCustomer: row.averageWordsPerMinuteCustomer,
  callSummary: row.callSummary,
});

/** A raw evaluation row as the API should answer it. */
const expectedEvaluation = (row: RawEf): ApiEvaluation => ({
  evaluationId: row.evaluationId,
  contactId: row.contactId,
  agentId: row.agentId,
  evaluator: row.evaluator,
  formTitle: row.evaluationDefinitionTitle,
  startedAt: row.evaluationStartTimestamp,
  submittedAt: row.evaluationSubmitTimestamp,
  totalScorePercentage: row.evaluationFormTotalScorePercentage,
  sectionScores: row.evaluationSectionsScores.map((s) => ({ sectionRefId: s.sectionRefId, sectionTitle: s.sectionTitle, scorePercentage: s.sectionScorePercentage })),
  answers: row.evaluationQuestionAnswers.map((a) => ({
    questionRefId: a.questionRefId,
    questionType: a.questionType,
    questionText: a.questionText,
    sectionRefId: a.sectionRefId,
    sectionTitle: a.sectionTitle,
    parentSectionRefId: a.parentSectionRefId,
    parentSectionTitle: a.parentSectionTitle,
    fullSectionTitle: a.fullSectionTitle,
    value: a.questionAnswerValue ?? null,
    valueRefId: a.questionAnswerValueRefId ?? null,
    scorePercentage: a.questionAnswerScorePercentage ?? null,
  })),
});

const bySubmission = (x: { submittedAt: string; evaluationId: string }, y: { submittedAt: string; evaluationId: string }) =>
  Date.parse(x.submittedAt) - Date.parse(y.submittedAt) || (x.evaluationId < y.evaluationId ? -1 : x.evaluationId > y.evaluationId ? 1 : 0);

/** The sample's main menu: key pressed → CallReason set; no key (or another one) → NoSelection. */
const MENU: Record<string, string[]> = { RecentPurchase: ['1'], RepeatOrder: ['2'], NewOrder: ['3'], NoSelection: ['Timeout', 'NoMatchingCondition'] };

function expectNoErrors<T>(body: GraphQLResponse<T>): T {
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

describe('Contact details and evaluations over generated data (real server, DuckDB)', () => {
  let server: TestServer;
  let ctrs: Map<string, RawCtr>;
  let cflByContact: Map<string, RawCfl[]>;
  let clByContact: Map<string, RawCl>;
  let efRows: RawEf[];
  let contacts: DetailedContact[];

  beforeAll(async () => {
    server = await startTestServer();
    ctrs = latestCtrs(server.dataDir);
    cflByContact = groupBy(
      readRawRecords<RawCfl>(server.dataDir, 'cfl').map((r) => r.record),
      (r) => r.message.ContactId,
    );
    clByContact = new Map(readRawRecords<RawCl>(server.dataDir, 'cl').map(({ record }) => [record.contactId, record]));
    efRows = readRawRecords<RawEf>(server.dataDir, 'ef').map((r) => r.record);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function allContacts(): Promise<DetailedContact[]> {
    if (contacts) return contacts;
    const nodes: DetailedContact[] = [];
    let after: string | null = null;
    do {
      const { body }: { body: GraphQLResponse<{ contacts: Page<DetailedContact> }> } = await postQuery(server.url, CONTACTS_WITH_DETAILS, { filter: range, first: 500, after });
      const page: Page<DetailedContact> = expectNoErrors(body).contacts;
      nodes.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    contacts = nodes;
    return nodes;
  }

  // First, so that no earlier request has filled the result cache with these statements.
  it('loads journey, analysis and evaluations of 100 contacts with one engine query each, plus the page', async () => {
    const { body } = await postQuery<{ contacts: Page<DetailedContact> }>(
      server.url,
      `query ($filter: ContactFilter!) { contacts(filter: $filter, first: 100) { edges { node { contactId
        journey { moduleType } dtmfInputs { result } analysis { overallSentimentCustomer } evaluations { evaluationId } } } } }`,
      { filter: range },
    );
    const page = expectNoErrors(body).contacts;
    expect(page.edges).toHaveLength(100);
    expect(page.edges.some((e) => e.node.analysis !== null)).toBe(true);
    expect(page.edges.some((e) => e.node.journey.length > 0)).toBe(true);
    expect(body.extensions?.stats).toMatchObject({ backendCalls: { duckdb: 4 }, cacheMisses: 4, cacheHits: 0 });
  });

  it('answers each contact\'s journey as its raw flow log rows in flow order', async () => {
    const all = await allContacts();
    expect(all).toHaveLength(ctrs.size - [...ctrs.values()].filter((c) => c.InitiationTimestamp >= range.to).length);
    let reordered = 0;
    for (const contact of all) {
      const raw = cflByContact.get(contact.contactId) ?? [];
      const inFlowOrder = [...raw].sort((x, y) => Date.parse(x.message.Timestamp) - Date.parse(y.message.Timestamp) || x.timestamp.localeCompare(y.timestamp));
      if (inFlowOrder.some((row, i) => row !== raw[i])) reordered++;
      expect(contact.journey).toEqual(inFlowOrder.map(expectedStep));
    }
    expect(all.filter((c) => c.journey.length > 0).length).toBeGreaterThan(all.length / 2);
    // Queue music is logged when the caller leaves the queue: file order is not flow order.
    expect(reordered).toBeGreaterThan(0);
  });

  it('answers the DTMF inputs of the journey, matching the CallReason the sample\'s menu sets', async () => {
    const inbound = (await allContacts()).filter((c) => c.initiationMethod === 'INBOUND' && c.channel === 'VOICE' && c.callReason !== null);
    expect(inbound.length).toBeGreaterThan(50);
    for (const contact of inbound) {
      const menu = contact.dtmfInputs.filter((input) => input.contactFlowName === 'SimpleInboundFlow');
      expect(menu).toHaveLength(1);
      expect(MENU[contact.callReason!]).toContain(menu[0].result);
      expect(contact.dtmfInputs).toEqual(
        contact.journey.filter((s) => s.moduleType === 'GetUserInput' && s.results).map((s) => ({ timestamp: s.timestamp, contactFlowName: s.contactFlowName, identifier: s.identifier, result: s.results })),
      );
    }
    expect(new Set(inbound.map((c) => c.callReason))).toEqual(new Set(['RecentPurchase', 'RepeatOrder', 'NewOrder', 'NoSelection']));
  });

  it('answers Contact Lens analysis for analysed contacts and null for the others', async () => {
    const all = await allContacts();
    let analysed = 0;
    for (const contact of all) {
      const raw = clByContact.get(contact.contactId);
      if (raw) {
        analysed++;
        expect(contact.analysis).toEqual(expectedAnalysis(raw));
      } else expect(contact.analysis).toBeNull();
    }
    expect(analysed).toBe(all.filter((c) => clByContact.has(c.contactId)).length);
    expect(analysed).toBeGreaterThan(100);
    expect(all.filter((c) => c.channel === 'CHAT').every((c) => c.analysis === null)).toBe(true);
    expect(all.some((c) => (c.analysis?.matchedCategories as string[] | undefined)?.includes('customer-loyalty-risk'))).toBe(true);
  });

  it('answers each contact\'s evaluations as its raw evaluation rows', async () => {
    const all = await allContacts();
    const raw = groupBy(efRows, (r) => r.contactId);
    expect(efRows.length).toBeGreaterThan(5);
    for (const contact of all) {
      expect(contact.evaluations).toEqual((raw.get(contact.contactId) ?? []).map(expectedEvaluation).sort(bySubmission));
    }
    expect(all.filter((c) => c.evaluations.length > 0)).toHaveLength(raw.size);
  });

  it('lists evaluations by submission time; small pages concatenate to the full list', async () => {
    const list = async (filter: Record<string, string>, first: number) => {
      const out: ApiEvaluation[] = [];
      let after: string | null = null;
      do {
        const { body }: { body: GraphQLResponse<{ evaluations: Page<ApiEvaluation> }> } = await postQuery(server.url, EVALUATIONS, { filter: { ...evaluationRange, ...filter }, first, after });
        const page: Page<ApiEvaluation> = expectNoErrors(body).evaluations;
        out.push(...page.edges.map((e) => e.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return out;
    };
    const full = await list({}, 500);
    expect(full.map(({ contact: _contact, ...e }) => e)).toEqual(efRows.map(expectedEvaluation).sort(bySubmission));
    expect(full.every((e) => e.contact?.contactId === e.contactId)).toBe(true);
    expect((await list({}, 4)).map((e) => e.evaluationId)).toEqual(full.map((e) => e.evaluationId));

    const sample = full[0];
    const agentArn = [...ctrs.values()].find((c) => c.Agent?.ARN.endsWith(`/agent/${sample.agentId}`))!.Agent!.ARN;
    for (const [filter, keep] of [
      [{ formTitle: sample.formTitle! }, (e: ApiEvaluation) => e.formTitle === sample.formTitle],
      [{ agentId: sample.agentId! }, (e: ApiEvaluation) => e.agentId === sample.agentId],
      [{ agentId: agentArn }, (e: ApiEvaluation) => e.agentId === sample.agentId],
      [{ evaluator: sample.evaluator! }, (e: ApiEvaluation) => e.evaluator === sample.evaluator],
    ] as const) {
      const filtered = await list(filter, 3);
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.map((e) => e.evaluationId)).toEqual(full.filter(keep).map((e) => e.evaluationId));
    }
  });

  it.each([["SalesDepartmentForm1' OR '1'='1"], ['x; DROP TABLE connect_ef; --'], ["') UNION SELECT * FROM connect_ef --"]])(
    'matches the evaluation filter string %j literally',
    async (payload) => {
      for (const field of ['formTitle', 'agentId', 'evaluator']) {
        const { body } = await postQuery<{ evaluations: Page<ApiEvaluation> }>(server.url, EVALUATIONS, { filter: { ...evaluationRange, [field]: payload }, first: 5 });
        expect(expectNoErrors(body).evaluations.edges).toEqual([]);
      }
    },
  );

  it('rejects an evaluation page over the maximum and a cursor of another list', async () => {
    const tooBig = await postQuery(server.url, EVALUATIONS, { filter: evaluationRange, first: 501 });
    expect(tooBig.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooBig.body.errors?.[0].message).toContain('500');
    const { body } = await postQuery<{ contacts: Page<{ contactId: string }> }>(server.url, 'query ($f: ContactFilter!) { contacts(filter: $f, first: 1) { edges { cursor } } }', { f: range });
    const foreign = await postQuery(server.url, EVALUATIONS, { filter: evaluationRange, first: 1, after: body.data!.contacts.edges[0].cursor });
    expect(foreign.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers the transfer chain in order from any of its contacts, both directions', async () => {
    const middle = [...ctrs.values()].find((c) => c.PreviousContactId && c.NextContactId && ctrs.has(c.PreviousContactId) && ctrs.has(c.NextContactId));
    expect(middle).toBeDefined();
    // The chain, from the raw files: back to the initial contact, then forward along NextContactId.
    let first = middle!;
    while (first.PreviousContactId && ctrs.has(first.PreviousContactId)) first = ctrs.get(first.PreviousContactId)!;
    const chain = [first.ContactId];
    for (let c = first; c.NextContactId && ctrs.has(c.NextContactId); c = ctrs.get(c.NextContactId)!) chain.push(c.NextContactId);
    expect(chain.length).toBeGreaterThanOrEqual(3);
    for (const id of chain) {
      const { body } = await postQuery<{ contact: { transfers: { contactId: string; initialContactId: string | null }[] } }>(
        server.url,
        'query ($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { transfers { contactId initialContactId } } }',
        { id, ...initiated },
      );
      const transfers = expectNoErrors(body).contact.transfers;
      expect(transfers.map((t) => t.contactId)).toEqual(chain);
      expect(transfers.slice(1).every((t) => t.initialContactId === chain[0])).toBe(true);
    }
    const { body } = await postQuery<{ contact: { transfers: { contactId: string }[] } }>(
      server.url,
      'query ($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { transfers { contactId } } }',
      { id: [...ctrs.values()].find((c) => !c.InitialContactId && !c.NextContactId)!.ContactId, ...initiated },
    );
    expect(expectNoErrors(body).contact.transfers).toHaveLength(1);
  });

  it('answers the CTR fields beyond the KPIs as the raw record has them', async () => {
    const task = [...ctrs.values()].find((c) => c.Channel === 'TASK' && c.References.length > 0)!;
    const voice = [...ctrs.values()].find((c) => c.Channel === 'VOICE' && c.Agent && c.Recordings?.length)!;
    const query = `query ($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) {
      mediaStreams { type } references { name type value } contactDetails recording { type status location }
      recordings { location mediaStreamType status storageType } agentInfo { hierarchyGroups { level arn name } } } }`;
    const taskBody = expectNoErrors((await postQuery<{ contact: Record<string, unknown> }>(server.url, query, { id: task.ContactId, ...initiated })).body);
    expect(taskBody.contact.references).toEqual(task.References.map((r) => ({ name: r.Name, type: r.Type, value: r.Value })));
    const voiceBody = expectNoErrors((await postQuery<{ contact: Record<string, unknown> }>(server.url, query, { id: voice.ContactId, ...initiated })).body);
    expect(voiceBody.contact).toEqual({
      mediaStreams: voice.MediaStreams.map((m) => ({ type: m.Type })),
      references: [],
      contactDetails: {},
      recording: { type: voice.Recording!.Type, status: voice.Recording!.Status, location: voice.Recording!.Location },
      recordings: voice.Recordings!.map((r) => ({ location: r.Location, mediaStreamType: r.MediaStreamType, status: r.Status, storageType: r.StorageType })),
      agentInfo: {
        hierarchyGroups: Object.entries(voice.Agent!.HierarchyGroups)
          .filter(([, g]) => g !== null)
          .map(([level, g]) => ({ level: Number(level.replace('Level', '')), arn: g!.ARN, name: g!.GroupName })),
      },
    });
  });
});

describe('Contact Lens rows on the day after the contact (joined by contact, not by partition)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ DATA_DIR: await crossDayDataDir() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers the analysis of contacts whose Contact Lens row is in the next UTC day\'s partition', async () => {
    const ctrs = latestCtrs(server.dataDir);
    const crossDay = readRawRecords<RawCl>(server.dataDir, 'cl').filter(
      ({ record, partition }) => ctrs.has(record.contactId) && partition !== ctrs.get(record.contactId)!.InitiationTimestamp.slice(0, 10),
    );
    expect(crossDay.length).toBeGreaterThan(0);
    for (const { record, partition } of crossDay) {
      const contact = ctrs.get(record.contactId)!;
      expect(partition > contact.InitiationTimestamp.slice(0, 10)).toBe(true);
      // One lookup by id …
      const one = await postQuery<{ contact: { initiationTimestamp: string; analysis: unknown } }>(
        server.url,
        `query ($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { initiationTimestamp analysis { ${ANALYSIS_FIELDS} } } }`,
        { id: record.contactId, after: contact.InitiationTimestamp, before: new Date(Date.parse(contact.InitiationTimestamp) + 1).toISOString() },
      );
      expect(expectNoErrors(one.body).contact.analysis).toEqual(expectedAnalysis(record));
      // … and in a list of the contact's own initiation day only.
      const day = contact.InitiationTimestamp.slice(0, 10);
      const list = await postQuery<{ contacts: Page<{ contactId: string; analysis: unknown }> }>(
        server.url,
        `query ($filter: ContactFilter!) { contacts(filter: $filter, first: 500) { edges { node { contactId analysis { ${ANALYSIS_FIELDS} } } } } }`,
        { filter: { from: `${day}T00:00:00Z`, to: `${day}T23:59:59.999Z`, channel: 'VOICE' } },
      );
      const node = expectNoErrors(list.body).contacts.edges.find((e) => e.node.contactId === record.contactId)?.node;
      expect(node?.analysis).toEqual(expectedAnalysis(record));
    }
  });
});
