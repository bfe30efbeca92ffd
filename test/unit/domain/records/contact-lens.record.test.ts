import {
  RecordError,
  extractContactLensRow,
  parseContactLensAnalysis,
  parseContactLensRow,
  recordingTimestampFromUri,
} from '../../../../src/domain/records';
import { fixtureFiles, fixtureJson, fixtureText } from './published-fixtures';

/** The 2020 doc example's recording URI (the only published voice example with CustomerMetadata). */
const RECORDING_URI = 's3://connect-cccccccccccccc/connect/poc-1/CallRecordings/2019/07/22/dddddddd-dddd-dddd-dddd-dddddddddddd_20190322T23:23_UTC.wav';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof RecordError ? error.code : 'not a RecordError';
  }
  return undefined;
}

describe('Contact Lens readers', () => {
  it('documents that the three published voice analysis examples are not valid JSON', () => {
    const files = fixtureFiles('real', /^cl-voice-.*\.as-published\.txt$/);
    expect(files).toHaveLength(3);
    for (const file of files) expect(() => JSON.parse(fixtureText(file))).toThrow(SyntaxError);
  });

  it('extracts the documented values from the 2023 voice example (its one extra closing brace dropped)', () => {
    const text = fixtureText('real/cl-voice-analysis-aws-docs-2023-VOICE-2022-11-30.as-published.txt').trimEnd();
    const analysis = parseContactLensAnalysis(JSON.parse(text.slice(0, -1)));
    // Like the sample's lambda, the extraction cannot place a file without CustomerMetadata.
    expect(errorCode(() => extractContactLensRow(analysis))).toBe('MISSING_CUSTOMER_METADATA');
    const row = extractContactLensRow({
      ...analysis,
      CustomerMetadata: { InputS3Uri: RECORDING_URI, ContactId: 'dddddddd-dddd-dddd-dddd-dddddddddddd', InstanceId: 'instance-1' },
    });
    expect(parseContactLensRow(row)).toEqual({
      contactId: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      instanceId: 'instance-1',
      recordingTimestamp: '2019-03-22T23:23:00.000Z',
      channel: 'VOICE',
      languageCode: 'en-US',
      matchedCategories: [],
      totalConversationDuration: 32,
      overallSentimentAgent: 0,
      overallSentimentCustomer: 3.1,
      interruptionsTotalCount: 0,
      nonTalkTimeTotal: 0,
      averageWordsPerMinuteAgent: 239,
      averageWordsPerMinuteCustomer: 163,
      talkTimeTotal: 28,
      talkTimeAgent: 15,
      talkTimeCustomer: 13,
      callSummary: { issuesDetectedCount: 1, actionItemsDetectedCount: 1, outcomesDetectedCount: 1 },
    });
  });

  it('reads the chat analysis example, whose InputS3Uri is no recording name (the sample skips chat files)', () => {
    const analysis = parseContactLensAnalysis(fixtureJson('real/cl-chat-analysis-aws-docs-CHAT-2022-11-30.json'));
    expect(analysis.Channel).toBe('CHAT');
    expect(analysis.Categories.MatchedCategories).toEqual(['agent-intro']);
    expect(errorCode(() => extractContactLensRow(analysis))).toBe('UNPARSABLE_RECORDING_FILE_NAME');
  });

  it('derives the minute-precision recording timestamp from the file name', () => {
    expect(recordingTimestampFromUri(RECORDING_URI, 'dddddddd-dddd-dddd-dddd-dddddddddddd')).toBe('2019-03-22T23:23:00.000Z');
    expect(errorCode(() => recordingTimestampFromUri('s3://b/x/abc.wav', 'abc'))).toBe('UNPARSABLE_RECORDING_FILE_NAME');
  });

  it('rejects a row with sentiment outside −5…5', () => {
    const row = { contactId: 'c', instanceId: 'i', recordingTimestamp: '2024-01-01T00:00:00.000Z', channel: 'VOICE', languageCode: 'en-US', matchedCategories: [], totalConversationDuration: 1, overallSentimentAgent: 6, overallSentimentCustomer: 0, interruptionsTotalCount: 0, nonTalkTimeTotal: 0, averageWordsPerMinuteAgent: 1, averageWordsPerMinuteCustomer: 1, talkTimeTotal: 1, talkTimeAgent: 1, talkTimeCustomer: 0, callSummary: { issuesDetectedCount: 0, actionItemsDetectedCount: 0, outcomesDetectedCount: 0 } };
    expect(() => parseContactLensRow(row)).toThrow(/overallSentimentAgent/);
    expect(parseContactLensRow({ ...row, overallSentimentAgent: -5 }).overallSentimentAgent).toBe(-5);
  });

  // Reference quirk 12: a channel Connect adds is data. The AWS doc chat analysis with another Channel
  // parses, and a row carries the channel exactly as the analysis file named it.
  it('keeps a channel it does not know, in the analysis file and in the row', () => {
    const chat = fixtureJson('real/cl-chat-analysis-aws-docs-CHAT-2022-11-30.json') as Record<string, unknown>;
    expect(parseContactLensAnalysis({ ...chat, Channel: 'EMAIL' }).Channel).toBe('EMAIL');
    const analysis = parseContactLensAnalysis({
      ...chat,
      Channel: 'VIDEO',
      CustomerMetadata: { InputS3Uri: RECORDING_URI, ContactId: 'dddddddd-dddd-dddd-dddd-dddddddddddd', InstanceId: 'instance-1' },
    });
    expect(parseContactLensRow(extractContactLensRow(analysis)).channel).toBe('VIDEO');
  });
});
