import { z } from 'zod';
import { parseRecord } from './record-parse';
import { RecordError } from './record.errors';

/**
 * A `connect_cl` row: the camelCase summary the Data Analytics Sample extracts from a Contact Lens
 * voice analysis file (`extractContactLensDetails`). Durations are whole seconds (floored), sentiment
 * is −5…5, `recordingTimestamp` has minute precision (`…:00.000Z`) because it comes from the
 * recording's file name. A metric missing from the analysis file is `null`.
 */
export const contactLensRowSchema = z.object({
  contactId: z.string().min(1),
  instanceId: z.string().min(1),
  recordingTimestamp: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/, 'expected yyyy-mm-ddThh:mm:00.000Z'),
  /** VOICE (or CHAT) today; any channel is kept as sent (Connect enumerations grow). */
  channel: z.string(),
  languageCode: z.string(),
  matchedCategories: z.array(z.string()),
  totalConversationDuration: z.number().int().min(0).nullable(),
  overallSentimentAgent: z.number().min(-5).max(5).nullable(),
  overallSentimentCustomer: z.number().min(-5).max(5).nullable(),
  interruptionsTotalCount: z.number().int().min(0).nullable(),
  nonTalkTimeTotal: z.number().int().min(0).nullable(),
  averageWordsPerMinuteAgent: z.number().min(0).nullable(),
  averageWordsPerMinuteCustomer: z.number().min(0).nullable(),
  talkTimeTotal: z.number().int().min(0).nullable(),
  talkTimeAgent: z.number().int().min(0).nullable(),
  talkTimeCustomer: z.number().int().min(0).nullable(),
  callSummary: z.object({
    issuesDetectedCount: z.number().int().min(0),
    actionItemsDetectedCount: z.number().int().min(0),
    outcomesDetectedCount: z.number().int().min(0),
  }),
});

/** A parsed `connect_cl` row. */
export type ContactLensRow = z.infer<typeof contactLensRowSchema>;

const transcriptTurnSchema = z.looseObject({
  IssuesDetected: z.array(z.unknown()).optional(),
  ActionItemsDetected: z.array(z.unknown()).optional(),
  OutcomesDetected: z.array(z.unknown()).optional(),
});

/**
 * A Contact Lens post-call analysis file (voice or chat), as far as the sample's extraction reads it.
 * Everything else (`JobDetails`, `ContactSummary`, per-period sentiment …) is kept but not required.
 */
export const contactLensAnalysisSchema = z.looseObject({
  Version: z.string().optional(),
  /** VOICE or CHAT today; any channel is kept as sent. */
  Channel: z.string(),
  LanguageCode: z.string(),
  Categories: z.looseObject({ MatchedCategories: z.array(z.string()) }),
  ConversationCharacteristics: z.looseObject({}),
  CustomerMetadata: z
    .looseObject({ InputS3Uri: z.string(), ContactId: z.string(), InstanceId: z.string() })
    .optional(),
  Transcript: z.array(transcriptTurnSchema).optional(),
});

/** A parsed Contact Lens analysis file. */
export type ContactLensAnalysis = z.infer<typeof contactLensAnalysisSchema>;

/**
 * Reads one `connect_cl` row.
 * @throws RecordError `INVALID_RECORD` when it does not have the sample's shape.
 */
export function parseContactLensRow(json: unknown): ContactLensRow {
  return parseRecord(contactLensRowSchema, 'cl', json);
}

/**
 * Reads one Contact Lens analysis file (the JSON object Contact Lens writes under `Analysis/`).
 * @throws RecordError `INVALID_RECORD` when it does not have the published shape.
 */
export function parseContactLensAnalysis(json: unknown): ContactLensAnalysis {
  return parseRecord(contactLensAnalysisSchema, 'cl', json);
}

/**
 * Turns a recording file name's timestamp into the row's `recordingTimestamp`, like the sample's
 * `parseFileTimestampUTC`: `<contactId>_20190322T23:23_UTC.wav` → `2019-03-22T23:23:00.000Z`
 * (seconds forced to 00).
 * @throws RecordError `UNPARSABLE_RECORDING_FILE_NAME` when the name has another shape (the sample's
 * lambda throws a RangeError there).
 */
export function recordingTimestampFromUri(inputS3Uri: string, contactId: string): string {
  const fileName = inputS3Uri.slice(inputS3Uri.lastIndexOf('/') + 1);
  const withoutExtension = fileName.includes('.') ? fileName.slice(0, fileName.lastIndexOf('.')) : fileName;
  const marker = `${contactId}_`;
  const stamp = withoutExtension.includes(marker)
    ? withoutExtension.slice(withoutExtension.indexOf(marker) + marker.length)
    : withoutExtension;
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2})_UTC$/.exec(stamp);
  if (match === null) {
    throw new RecordError(
      'UNPARSABLE_RECORDING_FILE_NAME',
      'cl',
      `recording file name "${fileName}" does not end in <contactId>_YYYYMMDDTHH:MM_UTC`,
    );
  }
  const [, year, month, day, hour, minute] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:00Z`).toISOString();
}

type Json = Record<string, unknown>;

function child(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Json)[key] : undefined;
}

/** `Math.floor(x / 1000)` where a missing value gives null (the lambda's NaN, which JSON writes as null). */
function floorSeconds(millis: unknown): number | null {
  return typeof millis === 'number' ? Math.floor(millis / 1000) : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/**
 * Extracts the `connect_cl` row from a voice analysis file, following the sample's
 * `extractContactLensDetails` and `extractCallSummary`: participant keys must literally be
 * `AGENT` / `CUSTOMER`; a missing metric becomes `null`; a sentiment of 0 stays 0.
 * (The lambda throws a TypeError when an intermediate object is missing; this port gives `null`.)
 * @throws RecordError `MISSING_CUSTOMER_METADATA` without `CustomerMetadata`,
 * `UNPARSABLE_RECORDING_FILE_NAME` when the recording name cannot be read, `MISSING_TRANSCRIPT`
 * without `Transcript`.
 */
export function extractContactLensRow(analysis: ContactLensAnalysis): ContactLensRow {
  const metadata = analysis.CustomerMetadata;
  if (metadata === undefined) {
    throw new RecordError('MISSING_CUSTOMER_METADATA', 'cl', 'Contact Lens analysis has no CustomerMetadata (the sample cannot place it)');
  }
  if (analysis.Transcript === undefined) {
    throw new RecordError('MISSING_TRANSCRIPT', 'cl', 'Contact Lens analysis has no Transcript');
  }
  const characteristics = analysis.ConversationCharacteristics;
  const sentiment = child(child(characteristics, 'Sentiment'), 'OverallSentiment');
  const talkSpeed = child(child(characteristics, 'TalkSpeed'), 'DetailsByParticipant');
  const talkTime = child(characteristics, 'TalkTime');
  const talkTimeByParticipant = child(talkTime, 'DetailsByParticipant');
  const callSummary = { issuesDetectedCount: 0, actionItemsDetectedCount: 0, outcomesDetectedCount: 0 };
  for (const turn of analysis.Transcript) {
    callSummary.issuesDetectedCount += turn.IssuesDetected?.length ?? 0;
    callSummary.actionItemsDetectedCount += turn.ActionItemsDetected?.length ?? 0;
    callSummary.outcomesDetectedCount += turn.OutcomesDetected?.length ?? 0;
  }
  return {
    contactId: metadata.ContactId,
    instanceId: metadata.InstanceId,
    recordingTimestamp: recordingTimestampFromUri(metadata.InputS3Uri, metadata.ContactId),
    channel: analysis.Channel,
    languageCode: analysis.LanguageCode,
    matchedCategories: analysis.Categories.MatchedCategories,
    totalConversationDuration: floorSeconds(child(characteristics, 'TotalConversationDurationMillis')),
    overallSentimentAgent: numberOrNull(child(sentiment, 'AGENT')),
    overallSentimentCustomer: numberOrNull(child(sentiment, 'CUSTOMER')),
    interruptionsTotalCount: numberOrNull(child(child(characteristics, 'Interruptions'), 'TotalCount')),
    nonTalkTimeTotal: floorSeconds(child(child(characteristics, 'NonTalkTime'), 'TotalTimeMillis')),
    averageWordsPerMinuteAgent: numberOrNull(child(child(talkSpeed, 'AGENT'), 'AverageWordsPerMinute')),
    averageWordsPerMinuteCustomer: numberOrNull(child(child(talkSpeed, 'CUSTOMER'), 'AverageWordsPerMinute')),
    talkTimeTotal: floorSeconds(child(talkTime, 'TotalTimeMillis')),
    talkTimeAgent: floorSeconds(child(child(talkTimeByParticipant, 'AGENT'), 'TotalTimeMillis')),
    talkTimeCustomer: floorSeconds(child(child(talkTimeByParticipant, 'CUSTOMER'), 'TotalTimeMillis')),
    callSummary,
  };
}
