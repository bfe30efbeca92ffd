import { t } from './column-type';
import type { TableDefinition } from './table-definition';

/**
 * `connect_cl`: one row per analysed voice contact in the sample's extracted Contact Lens shape
 * (camelCase; durations in floor-seconds; sentiment −5…+5), partitioned by `recordingTimestamp`,
 * which can fall on a later UTC day than the contact's CTR.
 */
export const clTable: TableDefinition = {
  name: 'connect_cl',
  folder: 'cl',
  description: 'Contact Lens conversation analytics per contact: sentiment, categories, talk and non-talk time, interruptions.',
  partitionTimestamp: 'recordingTimestamp',
  columns: [
    { name: 'contactId', type: t.string },
    { name: 'instanceId', type: t.string },
    { name: 'recordingTimestamp', type: t.string },
    { name: 'channel', type: t.string },
    { name: 'languageCode', type: t.string },
    { name: 'matchedCategories', type: t.array(t.string) },
    { name: 'totalConversationDuration', type: t.int },
    { name: 'overallSentimentAgent', type: t.double },
    { name: 'overallSentimentCustomer', type: t.double },
    { name: 'interruptionsTotalCount', type: t.int },
    { name: 'nonTalkTimeTotal', type: t.int },
    { name: 'averageWordsPerMinuteAgent', type: t.int },
    { name: 'averageWordsPerMinuteCustomer', type: t.int },
    { name: 'talkTimeTotal', type: t.int },
    { name: 'talkTimeAgent', type: t.int },
    { name: 'talkTimeCustomer', type: t.int },
    {
      name: 'callSummary',
      type: t.struct({ issuesDetectedCount: t.int, actionItemsDetectedCount: t.int, outcomesDetectedCount: t.int }),
    },
  ],
};
