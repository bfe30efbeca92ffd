import type { ContactFlowLogRow } from '../../../../src/history/sql/contact-flow-log.sql';
import type { ContactLensRow } from '../../../../src/history/sql/contact-lens.sql';
import type { ContactRow } from '../../../../src/history/sql/contacts.sql';
import type { EvaluationRow } from '../../../../src/history/sql/evaluations.sql';
import { toContactFlowStep } from '../../../../src/history/readers/contact-flow-log-row.mapper';
import { toContactAnalysis } from '../../../../src/history/readers/contact-lens-row.mapper';
import { toContactRecord } from '../../../../src/history/readers/contact-row.mapper';
import { toEvaluationRecord } from '../../../../src/history/readers/evaluation-row.mapper';
import { float32Value, structFields } from '../../../../src/history/readers/cells';

/** 96.67 as a single-precision column holds it, widened to a double (what DuckDB returns). */
const F96_67 = Math.fround(96.67);

const evaluationRow = (overrides: Partial<EvaluationRow>): EvaluationRow => ({
  evaluation_id: 'e-1',
  contact_id: 'c-1',
  instance_id: 'i-1',
  agent_id: 'a-1',
  form_title: 'SalesDepartmentForm1',
  evaluator: 'sales.lead1',
  start_timestamp: '2026-11-20T16:18:24.620Z',
  submit_timestamp: '2026-11-20T16:30:52.281Z',
  total_score_percentage: F96_67,
  section_scores: null,
  question_answers: null,
  ...overrides,
});

const expectedAnswer = {
  questionRefId: 'q1',
  questionType: 'NUMERIC',
  questionText: 'How well (1-10)?',
  sectionRefId: 's2',
  sectionTitle: 'Sub',
  parentSectionRefId: 's1',
  parentSectionTitle: 'Main',
  fullSectionTitle: 'Main -> Sub',
  value: '8',
  valueRefId: null,
  scorePercentage: 83.33,
};

describe('toEvaluationRecord', () => {
  it('reads DuckDB\'s JSON (catalog casing) and gives single-precision scores back as written', () => {
    const record = toEvaluationRecord(
      evaluationRow({
        section_scores: JSON.stringify([{ sectionRefId: 's1', sectionTitle: 'Main', sectionScorePercentage: F96_67 }, { sectionRefId: 's2', sectionTitle: 'Sub', sectionScorePercentage: null }]),
        question_answers: JSON.stringify([
          {
            questionRefId: 'q1', sectionRefId: 's2', sectionTitle: 'Sub', parentSectionRefId: 's1', parentSectionTitle: 'Main', fullSectionTitle: 'Main -> Sub',
            questionType: 'NUMERIC', questionText: 'How well (1-10)?', questionAnswerValue: '8', questionAnswerValueRefId: null, questionAnswerScorePercentage: Math.fround(83.33),
          },
        ]),
      }),
    );
    expect(record).toEqual({
      evaluationId: 'e-1',
      contactId: 'c-1',
      instanceId: 'i-1',
      agentId: 'a-1',
      evaluator: 'sales.lead1',
      formTitle: 'SalesDepartmentForm1',
      startedAt: new Date('2026-11-20T16:18:24.620Z'),
      submittedAt: new Date('2026-11-20T16:30:52.281Z'),
      totalScorePercentage: 96.67,
      sectionScores: [
        { sectionRefId: 's1', sectionTitle: 'Main', scorePercentage: 96.67 },
        { sectionRefId: 's2', sectionTitle: 'Sub', scorePercentage: null },
      ],
      answers: [expectedAnswer],
    });
  });

  it('reads Athena\'s renderings: lower-cased keys, and rows as positional arrays (older Trino)', () => {
    const lower = toEvaluationRecord(
      evaluationRow({
        section_scores: '[{"sectionrefid":"s1","sectiontitle":"Main","sectionscorepercentage":96.67}]',
        question_answers:
          '[{"questionrefid":"q1","sectionrefid":"s2","sectiontitle":"Sub","parentsectionrefid":"s1","parentsectiontitle":"Main","fullsectiontitle":"Main -> Sub","questiontype":"NUMERIC","questiontext":"How well (1-10)?","questionanswervalue":"8","questionanswervaluerefid":null,"questionanswerscorepercentage":83.33}]',
      }),
    );
    const positional = toEvaluationRecord(
      evaluationRow({
        section_scores: '[["s1","Main",96.67]]',
        question_answers: '[["q1","s2","Sub","s1","Main","Main -> Sub","NUMERIC","How well (1-10)?","8",null,83.33]]',
      }),
    );
    for (const record of [lower, positional]) {
      expect(record.sectionScores).toEqual([{ sectionRefId: 's1', sectionTitle: 'Main', scorePercentage: 96.67 }]);
      expect(record.answers).toEqual([expectedAnswer]);
    }
  });

  it('keeps a null total (not scored, or 0 % that the sample turned into null) null, and reads absent arrays as empty', () => {
    const record = toEvaluationRecord(evaluationRow({ total_score_percentage: null }));
    expect(record.totalScorePercentage).toBeNull();
    expect(record.sectionScores).toEqual([]);
    expect(record.answers).toEqual([]);
  });

  it('refuses a row without a readable submission time', () => {
    expect(() => toEvaluationRecord(evaluationRow({ submit_timestamp: 'soon' }))).toThrow(/evaluationSubmitTimestamp/);
  });
});

describe('float32Value', () => {
  it.each([
    [Math.fround(96.67), 96.67],
    [Math.fround(61.67), 61.67],
    [100, 100],
    [0, 0],
    ['83.33', 83.33],
    [null, null],
  ])('%p → %p', (input, expected) => {
    expect(float32Value(input)).toBe(expected);
  });
});

describe('structFields', () => {
  it('reads objects without regard to key case and arrays by position', () => {
    expect(structFields({ TYPE: 'AUDIO' }, ['Type'] as const)).toEqual({ Type: 'AUDIO' });
    expect(structFields(['AUDIO'], ['Type'] as const)).toEqual({ Type: 'AUDIO' });
    expect(structFields('AUDIO', ['Type'] as const)).toEqual({ Type: undefined });
  });
});

describe('toContactAnalysis', () => {
  it('maps a Contact Lens row, categories from JSON text', () => {
    const row: ContactLensRow = {
      contact_id: 'c-1', instance_id: 'i-1', recording_timestamp: '2026-11-20T00:07:00.000Z', channel: 'VOICE', language_code: 'en-US',
      matched_categories: '["customer-loyalty-risk","agent-intro"]', total_conversation_duration_seconds: 173, overall_sentiment_agent: 0.5,
      overall_sentiment_customer: -1.6, interruptions_total_count: 2, non_talk_time_total_seconds: 46, average_words_per_minute_agent: 178,
      average_words_per_minute_customer: 119, talk_time_total_seconds: 127, talk_time_agent_seconds: 61, talk_time_customer_seconds: 67,
      call_summary_issues_detected_count: 2, call_summary_action_items_detected_count: 1, call_summary_outcomes_detected_count: 0,
    };
    expect(toContactAnalysis(row)).toEqual({
      contactId: 'c-1',
      recordingTimestamp: new Date('2026-11-20T00:07:00.000Z'),
      channel: 'VOICE',
      languageCode: 'en-US',
      matchedCategories: ['customer-loyalty-risk', 'agent-intro'],
      totalConversationDurationSeconds: 173,
      overallSentimentAgent: 0.5,
      overallSentimentCustomer: -1.6,
      interruptionsTotalCount: 2,
      nonTalkTimeTotalSeconds: 46,
      averageWordsPerMinuteAgent: 178,
      averageWordsPerMinuteCustomer: 119,
      talkTimeTotalSeconds: 127,
      talkTimeAgentSeconds: 61,
      talkTimeCustomerSeconds: 67,
      callSummary: { issuesDetectedCount: 2, actionItemsDetectedCount: 1, outcomesDetectedCount: 0 },
    });
  });
});

describe('toContactFlowStep', () => {
  const row: ContactFlowLogRow = {
    contact_id: 'c-1', flow_timestamp: '2026-11-19T00:01:55.120Z', logged_timestamp: '2026-11-19T00:01:56.300Z', event_id: '4479',
    contact_flow_id: 'arn:flow', contact_flow_name: 'SimpleInboundFlow', module_type: 'InvokeExternalResource', identifier: 'b-1',
    parameters: '{"FunctionArn":"arn:lambda","TimeLimit":"3"}', results: null, external_results: '{"customerTier":"Gold"}',
  };

  it('parses parameters and external results as objects', () => {
    expect(toContactFlowStep(row)).toEqual({
      timestamp: new Date('2026-11-19T00:01:55.120Z'),
      loggedTimestamp: new Date('2026-11-19T00:01:56.300Z'),
      eventId: '4479',
      contactFlowId: 'arn:flow',
      contactFlowName: 'SimpleInboundFlow',
      moduleType: 'InvokeExternalResource',
      identifier: 'b-1',
      parameters: { FunctionArn: 'arn:lambda', TimeLimit: '3' },
      results: null,
      externalResults: { customerTier: 'Gold' },
    });
  });

  it('reads absent or malformed parameters as {} and refuses an entry without Timestamp', () => {
    expect(toContactFlowStep({ ...row, parameters: 'not json', external_results: null })).toMatchObject({ parameters: {}, externalResults: null });
    expect(() => toContactFlowStep({ ...row, flow_timestamp: null })).toThrow(/Timestamp/);
  });
});

describe('toContactRecord: the CTR fields beyond the KPIs', () => {
  const base = {
    contact_id: 'c-1', initiation_timestamp: '2026-11-19T10:00:00Z', agent_arn: 'arn:agent', agent_username: 'kim',
  } as Partial<ContactRow>;
  const row = (overrides: Partial<ContactRow>): ContactRow =>
    new Proxy({ ...base, ...overrides } as ContactRow, { get: (target, key: string) => (key in target ? target[key as keyof ContactRow] : null) });

  it('maps hierarchy groups (skipping empty levels), media streams, recordings, references and details', () => {
    const contact = toContactRecord(
      row({
        agent_hierarchy_level1_arn: 'arn:g1', agent_hierarchy_level1_name: 'AnyCompany', agent_hierarchy_level3_arn: 'arn:g3', agent_hierarchy_level3_name: 'Team 1',
        media_streams: '[{"Type":"AUDIO"}]',
        recordings: '[{"location":"s3/x.wav","mediastreamtype":"AUDIO","starttimestamp":"2026-11-19T10:01:00Z","status":"AVAILABLE","storagetype":"S3"}]',
        contact_references: '[{"Name":"Ticket","Type":"URL","Value":"https://t/1"},"legacy-string"]',
        contact_details: '{}',
        voice_id_result: null,
        recording_location: 's3/x.wav', recording_status: 'AVAILABLE', recording_type: 'AUDIO',
        transferred_to_endpoint_address: '+15550100', transferred_to_endpoint_type: 'TELEPHONE_NUMBER', transfer_completed_timestamp: '2026-11-19T10:05:00Z',
        campaign_id: 'camp-1',
      }),
    );
    expect(contact.agent?.hierarchyGroups).toEqual([
      { level: 1, arn: 'arn:g1', name: 'AnyCompany' },
      { level: 3, arn: 'arn:g3', name: 'Team 1' },
    ]);
    expect(contact.mediaStreams).toEqual([{ type: 'AUDIO' }]);
    expect(contact.recording).toEqual({ type: 'AUDIO', status: 'AVAILABLE', location: 's3/x.wav', deletionReason: null });
    expect(contact.recordings).toEqual([
      {
        location: 's3/x.wav', mediaStreamType: 'AUDIO', participantType: null, startTimestamp: new Date('2026-11-19T10:01:00Z'), stopTimestamp: null,
        status: 'AVAILABLE', storageType: 'S3', deletionReason: null, fragmentStartNumber: null, fragmentStopNumber: null,
      },
    ]);
    expect(contact.references).toEqual([
      { name: 'Ticket', type: 'URL', value: 'https://t/1' },
      { name: null, type: null, value: 'legacy-string' },
    ]);
    expect(contact.contactDetails).toEqual({});
    expect(contact.voiceIdResult).toBeNull();
    expect(contact.transferredToEndpoint).toEqual({ address: '+15550100', type: 'TELEPHONE_NUMBER' });
    expect(contact.transferCompletedTimestamp).toEqual(new Date('2026-11-19T10:05:00Z'));
    expect(contact.campaignId).toBe('camp-1');
  });

  it('gives empty lists and nulls for a contact without them', () => {
    const contact = toContactRecord(row({}));
    expect(contact).toMatchObject({ mediaStreams: [], recordings: [], references: [], contactDetails: {}, recording: null, transferredToEndpoint: null });
    expect(contact.agent?.hierarchyGroups).toEqual([]);
  });
});
