import { FLOW, QUEUE, type ContactCenterModel, type ContactFlowModel, type QueueModel } from './contact-center.model';
import type { FlowBlockLog } from './contact-flow-log.builder';
import type { Prng } from './prng';
import type { SimContact } from './simulation.types';
import { MINUTE_MS } from './time.format';

/** What the flows need from the simulation: the model, the contact random stream and a flow-log sink. */
export interface FlowContext {
  readonly model: ContactCenterModel;
  readonly prng: Prng;
  /** Writes one flow block execution (the simulation adds CloudWatch arrival time and event id). */
  log(entry: FlowBlockLog): void;
}

/** Where a flow leaves the contact: in a queue, or ended inside the flow. */
export type FlowOutcome =
  | { readonly kind: 'queue'; readonly queueIndex: number; readonly enqueueMs: number }
  | { readonly kind: 'end'; readonly endMs: number; readonly disconnectReason: string };

/** The menu prompt of the sample's SimpleInboundFlow. */
export const MAIN_MENU_TEXT =
  'If you are calling about your recent purchase, please press 1. If you would like to repeat the previous order, please press 2. To place a new order, please press 3.';

/** Share of callers who hang up during the menu. */
const IVR_HANGUP_PROBABILITY = 0.03;
/** Share of calls that take the menu's error branch. */
const IVR_ERROR_PROBABILITY = 0.003;
/** Share of callers who accept the queued-callback offer. */
const CALLBACK_ACCEPT_PROBABILITY = 0.35;
/** Queue music is logged once a minute, at most this often per contact. */
const MAX_QUEUE_MUSIC_LOGS = 30;

function flowNamed(model: ContactCenterModel, name: string): ContactFlowModel {
  const flow = model.contactFlows.find((candidate) => candidate.name === name);
  if (flow === undefined) throw new Error(`the model has no contact flow "${name}"`);
  return flow;
}

/**
 * The Athena sample's SimpleInboundFlow for an inbound call: logging on, recording and analytics on,
 * a customer-lookup Lambda, the welcome prompt, the DTMF menu (1 RecentPurchase, 2 RepeatOrder,
 * 3 NewOrder, timeout or another key NoSelection) setting the `CallReason` contact attribute, the
 * working queue and the transfer to it; the error branch plays the technical-difficulties prompt and
 * hangs up. The caller's intent (`intendedQueueIndex`) decides the key they press. Sets the
 * attributes on `contact` as the flow does.
 */
export function runInboundFlow(context: FlowContext, contact: SimContact, intendedQueueIndex: number, tier: string, nowMs: number): FlowOutcome {
  const { prng, model } = context;
  const flow = flowNamed(model, FLOW.INBOUND);
  let t = nowMs + prng.int(40, 250);
  const log = (block: string, moduleType: string, parameters: Record<string, unknown>, extra: Partial<FlowBlockLog> = {}): void => {
    context.log({ contactId: contact.id, flow, block, moduleType, timestampMs: t, parameters, ...extra });
  };
  log('SetLoggingBehavior', 'SetLoggingBehavior', { LoggingBehavior: 'Enable' });
  t += prng.int(30, 120);
  log('SetRecordingBehavior', 'SetRecordingBehavior', {
    RecordingBehaviorOption: 'Enable',
    RecordingParticipantOption: 'Both',
    AnalyticsBehaviorOption: 'Enable',
    AnalyticsLanguageLocaleCode: 'en-US',
  });
  t += prng.int(300, 1200);
  log(
    'CustomerLookup',
    'InvokeExternalResource',
    { FunctionArn: `arn:aws:lambda:${model.instance.region}:${model.instance.awsAccountId}:function:customer-lookup`, TimeLimit: '3' },
    { externalResults: { customerTier: tier, accountStatus: 'ACTIVE' } },
  );
  t += prng.int(20, 80);
  log('SetCustomerTier', 'SetAttributes', { Key: 'customerTier', Value: tier });
  contact.attributes.customerTier = tier;
  t += prng.int(20, 80);
  log('Welcome', 'PlayPrompt', { Text: 'Welcome to Amazon Connect Contact Centre', TextToSpeechType: 'text' });
  t += prng.int(2500, 3500);
  contact.attributes.greetingPlayed = 'true';
  if (prng.chance(IVR_HANGUP_PROBABILITY)) return { kind: 'end', endMs: t + prng.int(1000, 8000), disconnectReason: 'CUSTOMER_DISCONNECT' };
  // The menu prompt plays for about 9 s; the caller answers during it or within the 5 s timeout.
  let result: string;
  let queueIndex: number;
  let reason: string;
  if (prng.chance(IVR_ERROR_PROBABILITY)) {
    [result, queueIndex, reason] = ['Error', -1, ''];
  } else if (intendedQueueIndex === QUEUE.SUPPORT) {
    [result, queueIndex, reason] = ['1', QUEUE.SUPPORT, 'RecentPurchase'];
  } else if (intendedQueueIndex === QUEUE.SALES) {
    [result, queueIndex, reason] = prng.chance(0.4) ? ['2', QUEUE.SALES, 'RepeatOrder'] : ['3', QUEUE.SALES, 'NewOrder'];
  } else {
    [result, queueIndex, reason] = [prng.chance(0.75) ? 'Timeout' : 'NoMatchingCondition', QUEUE.BASIC, 'NoSelection'];
  }
  t += result === 'Timeout' ? 9000 + 5000 : prng.int(3000, 12_000);
  log('MainMenu', 'GetUserInput', { Text: MAIN_MENU_TEXT, TextToSpeechType: 'text', Timeout: '5', MaxDigits: '1' }, { results: result });
  t += prng.int(20, 120);
  const queue = model.queues[queueIndex];
  if (queue === undefined) {
    log('TechnicalDifficulties', 'PlayPrompt', { Text: 'We are experiencing technical difficulties, please try again later.', TextToSpeechType: 'text' });
    t += prng.int(3000, 4000);
    log('Disconnect', 'Disconnect', {});
    return { kind: 'end', endMs: t + prng.int(100, 500), disconnectReason: 'CONTACT_FLOW_DISCONNECT' };
  }
  log(`SetCallReason.${reason}`, 'SetAttributes', { Key: 'CallReason', Value: reason });
  contact.attributes.CallReason = reason;
  t += prng.int(20, 120);
  log('SetWorkingQueue', 'SetQueue', { Queue: queue.arn });
  t += prng.int(20, 120);
  log('TransferToQueue', 'TransferToQueue', { Queue: queue.arn });
  return { kind: 'queue', queueIndex, enqueueMs: t + prng.int(200, 900) };
}

/** The chat flow: logging, the pre-chat topic as `ChatTopic`, a greeting message, working queue, transfer. Returns the enqueue time. */
export function runChatFlow(context: FlowContext, contact: SimContact, queue: QueueModel, topic: string, nowMs: number): number {
  const { prng } = context;
  const flow = flowNamed(context.model, FLOW.CHAT);
  let t = nowMs + prng.int(30, 200);
  const log = (block: string, moduleType: string, parameters: Record<string, unknown>): void => {
    context.log({ contactId: contact.id, flow, block, moduleType, timestampMs: t, parameters });
    t += prng.int(40, 400);
  };
  log('SetLoggingBehavior', 'SetLoggingBehavior', { LoggingBehavior: 'Enable' });
  log('SetChatTopic', 'SetAttributes', { Key: 'ChatTopic', Value: topic });
  log('Greeting', 'MessageParticipant', { Text: 'Thanks for contacting AnyCompany. An agent will be with you shortly.' });
  log('SetWorkingQueue', 'SetQueue', { Queue: queue.arn });
  log('TransferToQueue', 'TransferToQueue', { Queue: queue.arn });
  return t;
}

/** The task routing flow: logging, working queue, transfer. Returns the enqueue time. */
export function runTaskFlow(context: FlowContext, contact: SimContact, queue: QueueModel, nowMs: number): number {
  const { prng } = context;
  const flow = flowNamed(context.model, FLOW.TASK);
  let t = nowMs + prng.int(20, 150);
  for (const [block, moduleType, parameters] of [
    ['SetLoggingBehavior', 'SetLoggingBehavior', { LoggingBehavior: 'Enable' }],
    ['SetWorkingQueue', 'SetQueue', { Queue: queue.arn }],
    ['TransferToQueue', 'TransferToQueue', { Queue: queue.arn }],
  ] as const) {
    context.log({ contactId: contact.id, flow, block, moduleType, timestampMs: t, parameters });
    t += prng.int(30, 300);
  }
  return t;
}

/** The queue-transfer flow a transferred call runs before it waits in the target queue. Returns the enqueue time. */
export function runQueueTransferFlow(context: FlowContext, contact: SimContact, queue: QueueModel | undefined, nowMs: number): number {
  const { prng } = context;
  const flow = flowNamed(context.model, FLOW.QUEUE_TRANSFER);
  let t = nowMs + prng.int(100, 600);
  context.log({ contactId: contact.id, flow, block: 'SetLoggingBehavior', moduleType: 'SetLoggingBehavior', timestampMs: t, parameters: { LoggingBehavior: 'Enable' } });
  t += prng.int(50, 300);
  context.log({
    contactId: contact.id,
    flow,
    block: 'TransferPrompt',
    moduleType: 'PlayPrompt',
    timestampMs: t,
    parameters: { Text: 'Please hold while we transfer your call.', TextToSpeechType: 'text' },
  });
  t += prng.int(2000, 3500);
  context.log({ contactId: contact.id, flow, block: 'TransferToQueue', moduleType: 'TransferToQueue', timestampMs: t, parameters: { Queue: queue?.arn ?? '' } });
  return t + prng.int(200, 800);
}

/**
 * The customer queue flow's callback offer (after 90 s in queue). Returns when the callback is
 * created if the caller accepted it, else undefined.
 */
export function runCallbackOffer(context: FlowContext, contact: SimContact, queue: QueueModel, nowMs: number): number | undefined {
  const { prng } = context;
  const flow = flowNamed(context.model, FLOW.CUSTOMER_QUEUE);
  const accepted = prng.chance(CALLBACK_ACCEPT_PROBABILITY);
  let t = nowMs + prng.int(3000, 9000);
  context.log({
    contactId: contact.id,
    flow,
    block: 'CallbackOffer',
    moduleType: 'GetUserInput',
    timestampMs: t,
    parameters: { Text: 'To receive a callback instead of waiting, press 1.', TextToSpeechType: 'text', Timeout: '5', MaxDigits: '1' },
    results: accepted ? '1' : 'Timeout',
  });
  if (!accepted) return undefined;
  t += prng.int(200, 800);
  context.log({ contactId: contact.id, flow, block: 'SetCallbackNumber', moduleType: 'SetCallbackNumber', timestampMs: t, parameters: { CallbackNumber: contact.customerPhone ?? '' } });
  t += prng.int(200, 800);
  context.log({ contactId: contact.id, flow, block: 'TransferToCallbackQueue', moduleType: 'TransferToQueue', timestampMs: t, parameters: { Queue: queue.arn } });
  return t + prng.int(500, 2000);
}

/** Queue music, logged by the customer queue flow once a minute while the call waited (until `leftMs`). */
export function logQueueMusic(context: FlowContext, contact: SimContact, leftMs: number): void {
  if (contact.enqueueMs === null) return;
  const flow = flowNamed(context.model, FLOW.CUSTOMER_QUEUE);
  let logged = 0;
  for (let t = contact.enqueueMs + 200; t < leftMs && logged < MAX_QUEUE_MUSIC_LOGS; t += MINUTE_MS, logged++) {
    context.log({ contactId: contact.id, flow, block: 'QueueMusic', moduleType: 'PlayPrompt', timestampMs: t, parameters: { AudioPrompt: context.model.queuePromptArn } });
  }
}
