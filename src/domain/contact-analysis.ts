/**
 * Contact Lens post-call analytics of one voice contact, in the Data Analytics Sample's extracted
 * shape (`connect_cl`). Durations are whole seconds (floored); sentiment is −5…+5. Mirrors the
 * GraphQL `ContactAnalysis`.
 */
export interface ContactAnalysisRecord {
  contactId: string;
  /** Start of the recording, minute precision (from the recording's file name). */
  recordingTimestamp: Date | null;
  channel: string | null;
  languageCode: string | null;
  /** Contact Lens rule categories the conversation matched, e.g. `customer-loyalty-risk`. */
  matchedCategories: string[];
  totalConversationDurationSeconds: number | null;
  overallSentimentAgent: number | null;
  overallSentimentCustomer: number | null;
  interruptionsTotalCount: number | null;
  nonTalkTimeTotalSeconds: number | null;
  averageWordsPerMinuteAgent: number | null;
  averageWordsPerMinuteCustomer: number | null;
  talkTimeTotalSeconds: number | null;
  talkTimeAgentSeconds: number | null;
  talkTimeCustomerSeconds: number | null;
  callSummary: { issuesDetectedCount: number | null; actionItemsDetectedCount: number | null; outcomesDetectedCount: number | null };
}
