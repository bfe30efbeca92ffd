import type { ContactLensRow } from '../../domain/records';
import type { ContactCenterModel } from './contact-center.model';
import { recordingStartMs } from './ctr.builder';
import type { Prng } from './prng';
import type { SimContact } from './simulation.types';
import { MINUTE_MS, formatMsTimestamp } from './time.format';

/** Contact Lens rule categories the demo instance defines (the sample's README creates `customer-loyalty-risk`). */
export const CONTACT_LENS_CATEGORIES = ['customer-loyalty-risk', 'agent-intro', 'Cancellation', 'Escalation', 'Interruptions', 'Swearing'] as const;

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The `connect_cl` row of an analysed voice contact, with the sample's units: seconds floored,
 * sentiment −5…5 (customers get grumpier with long waits, holds and transfers), and a
 * `recordingTimestamp` taken from the recording's start minute (`…:00.000Z`), so a call answered
 * just after midnight lands in the next day's partition even if its CTR does not.
 * Returns null for contacts without a recording.
 */
export function buildContactLensRow(model: ContactCenterModel, contact: SimContact, prng: Prng): ContactLensRow | null {
  const startMs = recordingStartMs(contact);
  const endMs = contact.transferCompletedMs ?? contact.afterContactWorkStartMs ?? contact.disconnectMs;
  if (startMs === null || endMs === null || endMs <= startMs) return null;
  const totalSeconds = Math.floor((endMs - startMs) / 1000);
  let holdMs = 0;
  for (const hold of contact.holds) holdMs += hold.endMs - hold.startMs;
  const speakingSeconds = Math.max(0, totalSeconds - Math.floor(holdMs / 1000));
  const talkTimeTotal = Math.floor(speakingSeconds * clamp(prng.uniform(0.72, 0.9), 0, 1));
  const talkTimeAgent = Math.floor(talkTimeTotal * prng.uniform(0.4, 0.6));
  const talkTimeCustomer = Math.max(0, Math.floor(talkTimeTotal * prng.uniform(0.98, 1.05)) - talkTimeAgent);
  const waitSeconds = contact.enqueueMs !== null && contact.dequeueMs !== null ? (contact.dequeueMs - contact.enqueueMs) / 1000 : 0;
  const transferred = contact.nextContactId !== null || contact.previousContactId !== null;
  const customerSentiment = round1(
    clamp(1.4 + 1.6 * prng.normal() - waitSeconds / 150 - 0.5 * contact.holds.length - (transferred ? 0.8 : 0), -5, 5),
  );
  const agentSentiment = round1(clamp(1.1 + 1.0 * prng.normal() + customerSentiment * 0.2, -5, 5));
  const interruptions = Math.max(0, Math.round(prng.exponential(1.2) + (customerSentiment < 0 ? -customerSentiment : 0)));
  const categories: string[] = [];
  if (customerSentiment <= -1.5 || (customerSentiment < 0 && (waitSeconds > 180 || contact.holds.length >= 2))) categories.push('customer-loyalty-risk');
  if (prng.chance(0.82)) categories.push('agent-intro');
  if (contact.attributes.CallReason === 'RecentPurchase' && prng.chance(0.06)) categories.push('Cancellation');
  if (transferred && prng.chance(0.5)) categories.push('Escalation');
  if (interruptions >= 5) categories.push('Interruptions');
  if (customerSentiment < -3 && prng.chance(0.2)) categories.push('Swearing');
  return {
    contactId: contact.id,
    instanceId: model.instance.id,
    recordingTimestamp: formatMsTimestamp(Math.floor(startMs / MINUTE_MS) * MINUTE_MS),
    channel: 'VOICE',
    languageCode: 'en-US',
    matchedCategories: categories,
    totalConversationDuration: totalSeconds,
    overallSentimentAgent: agentSentiment,
    overallSentimentCustomer: customerSentiment,
    interruptionsTotalCount: interruptions,
    nonTalkTimeTotal: Math.max(0, totalSeconds - talkTimeTotal),
    averageWordsPerMinuteAgent: prng.int(135, 190),
    averageWordsPerMinuteCustomer: prng.int(115, 185),
    talkTimeTotal,
    talkTimeAgent,
    talkTimeCustomer,
    callSummary: {
      issuesDetectedCount: prng.int(0, 2),
      actionItemsDetectedCount: prng.int(0, 2),
      outcomesDetectedCount: prng.int(0, 1),
    },
  };
}
