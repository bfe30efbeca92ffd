import type { ContactAnalysisRecord } from '../../domain/contact-analysis';
import type { ContactLensRow } from '../sql/contact-lens.sql';
import { dateOrNull, jsonArray, numberOrNull, stringOrNull } from './cells';

/** Maps a Contact Lens row of `contactLensQuery` to the service's analysis. Never throws. */
export function toContactAnalysis(row: ContactLensRow): ContactAnalysisRecord {
  return {
    contactId: row.contact_id,
    recordingTimestamp: dateOrNull(row.recording_timestamp),
    channel: row.channel,
    languageCode: row.language_code,
    matchedCategories: jsonArray(row.matched_categories)
      .map(stringOrNull)
      .filter((c): c is string => c !== null),
    totalConversationDurationSeconds: numberOrNull(row.total_conversation_duration_seconds),
    overallSentimentAgent: numberOrNull(row.overall_sentiment_agent),
    overallSentimentCustomer: numberOrNull(row.overall_sentiment_customer),
    interruptionsTotalCount: numberOrNull(row.interruptions_total_count),
    nonTalkTimeTotalSeconds: numberOrNull(row.non_talk_time_total_seconds),
    averageWordsPerMinuteAgent: numberOrNull(row.average_words_per_minute_agent),
    averageWordsPerMinuteCustomer: numberOrNull(row.average_words_per_minute_customer),
    talkTimeTotalSeconds: numberOrNull(row.talk_time_total_seconds),
    talkTimeAgentSeconds: numberOrNull(row.talk_time_agent_seconds),
    talkTimeCustomerSeconds: numberOrNull(row.talk_time_customer_seconds),
    callSummary: {
      issuesDetectedCount: numberOrNull(row.call_summary_issues_detected_count),
      actionItemsDetectedCount: numberOrNull(row.call_summary_action_items_detected_count),
      outcomesDetectedCount: numberOrNull(row.call_summary_outcomes_detected_count),
    },
  };
}
