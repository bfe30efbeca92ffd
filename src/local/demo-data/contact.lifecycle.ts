import type { AgentEventPublisher } from './agent-event.publisher';
import { buildContactEvent, type SimContactEventType } from './contact-event.builder';
import type { AgentLifecycle } from './agent.lifecycle';
import { QUEUE } from './contact-center.model';
import { logQueueMusic, runCallbackOffer, runQueueTransferFlow, type FlowContext } from './contact-flows';
import type { ContactFactory } from './contact.factory';
import type { ContactRecords } from './contact.records';
import {
  HOLD_COUNT_WEIGHTS,
  MEAN_HOLD_SECONDS,
  MEAN_RING_SECONDS,
  MISSED_OFFER_PROBABILITY,
  RING_TIMEOUT_SECONDS,
  handlingProfile,
} from './handling.model';
import { clamp } from './simulation.clock';
import type { SimulationContext } from './simulation.context';
import type { ContactEvent } from './simulation.events';
import type { AgentLeg, SimAgent, SimContact } from './simulation.types';
import { MINUTE_MS, SECOND_MS } from './time.format';

const MAX_TRANSFERS_PER_CHAIN = 2;
/** Probability that a handled voice contact is transferred to another queue, by queue index. */
const QUEUE_TRANSFER_PROBABILITY: readonly number[] = [0.12, 0.03, 0.07, 0.04];
const EXTERNAL_TRANSFER_PROBABILITY = 0.01;
const CALLBACK_OFFER_AFTER_MS = 90 * SECOND_MS;
/** Queued callbacks not reached within this time expire (DisconnectReason EXPIRED). */
const CALLBACK_EXPIRY_MS = 8 * 60 * MINUTE_MS;
/** Tasks not picked up within this time expire. */
const TASK_EXPIRY_MS = 24 * 60 * MINUTE_MS;

/**
 * A contact from its queue to the end of after-contact work: queueing (patience, expiry, the
 * callback offer), routing to the longest-idle agent, the offer (ring, missed), the conversation
 * and its holds, the disconnect or a transfer (to a queue or out), and after-contact work; plus the
 * agents' outbound calls. Each finished contact's records are written by {@link ContactRecords}.
 */
export class ContactLifecycle {
  constructor(
    private readonly context: SimulationContext,
    private readonly agents: AgentLifecycle,
    private readonly events: AgentEventPublisher,
    private readonly contacts: ContactFactory,
    private readonly flows: FlowContext,
    private readonly records: ContactRecords,
  ) {}

  handle(event: ContactEvent): void {
    switch (event.kind) {
      case 'enqueue':
        return this.enqueue(event.contact);
      case 'abandon':
        return this.abandon(event.contact, event.token);
      case 'callbackOffer':
        return this.offerCallback(event.contact, event.token);
      case 'outbound':
        return this.placeOutboundCall(event.agent, event.token);
      case 'legAccept':
        return this.acceptLeg(event.leg);
      case 'legMissed':
        return this.missLeg(event.leg);
      case 'legClear':
        return this.agents.removeLeg(event.leg);
      case 'customerAnswer':
        return this.customerAnswers(event.leg, event.answered);
      case 'holdStart':
        return this.startHold(event.leg);
      case 'holdEnd':
        return this.endHold(event.leg, event.startMs);
      case 'disconnect':
        return this.disconnect(event.leg);
      case 'acwEnd':
        return this.endAfterContactWork(event.leg);
    }
  }

  /** Offers a contact to an agent: it rings on their desk, then is accepted or missed. */
  offer(agent: SimAgent, contact: SimContact): void {
    const { clock, contactPrng: prng } = this.context;
    const now = clock.nowMs;
    contact.phase = 'OFFERED';
    contact.agentConnectionAttempts++;
    const leg: AgentLeg = { contact, agent, state: contact.initiationMethod === 'CALLBACK' ? 'INCOMING' : 'CONNECTING', stateStartMs: now };
    agent.legs.push(leg);
    this.events.publish(agent, 'STATE_CHANGE');
    this.agents.refreshAvailability(agent);
    if (prng.chance(MISSED_OFFER_PROBABILITY)) {
      clock.at(now + RING_TIMEOUT_SECONDS * SECOND_MS, { kind: 'legMissed', leg });
    } else {
      const ringMs = clamp(prng.lognormal(MEAN_RING_SECONDS, 0.5), 1.2, RING_TIMEOUT_SECONDS - 1) * SECOND_MS;
      clock.at(now + ringMs, { kind: 'legAccept', leg });
    }
  }

  /** Emits a contact event of a contact that went through a queue (outbound calls have none); consumes no randomness. */
  private contactEvent(contact: SimContact, eventType: SimContactEventType, timeMs: number): void {
    if (contact.initiationMethod === 'OUTBOUND') return;
    this.context.emitter.emitContactEvent(timeMs, buildContactEvent(this.context.model, contact, eventType, timeMs));
  }

  // ---------------------------------------------------------------- queue

  private enqueue(contact: SimContact): void {
    const { clock, contactPrng: prng } = this.context;
    const now = clock.nowMs;
    contact.enqueueMs = now;
    contact.phase = 'WAITING';
    contact.waitToken++;
    this.contactEvent(contact, 'INITIATED', contact.initiationMs);
    this.contactEvent(contact, 'QUEUED', now);
    const queueIndex = contact.queueIndex as number;
    const profile = handlingProfile(queueIndex, contact.channel);
    // Customers give up after their patience; queued callbacks and tasks do not, but expire.
    const expiryMs = contact.initiationMethod === 'CALLBACK' ? CALLBACK_EXPIRY_MS : contact.channel === 'TASK' ? TASK_EXPIRY_MS : undefined;
    contact.patienceDeadlineMs =
      expiryMs !== undefined ? now + expiryMs : now + Math.round(Math.max(3, prng.lognormal(profile.patienceSeconds, 0.9)) * SECOND_MS);
    clock.at(contact.patienceDeadlineMs, { kind: 'abandon', contact, token: contact.waitToken });
    if (contact.channel === 'VOICE' && (contact.initiationMethod === 'INBOUND' || contact.initiationMethod === 'WEBRTC_API')) {
      clock.at(now + CALLBACK_OFFER_AFTER_MS, { kind: 'callbackOffer', contact, token: contact.waitToken });
    }
    this.route(contact);
  }

  /** Puts a waiting contact in its queue, or straight on the longest-idle agent who can take it. */
  private route(contact: SimContact): void {
    const routing = this.agents.routing;
    const agent = routing.agentFor(contact);
    if (agent !== undefined) this.offer(agent, contact);
    else routing.wait(contact);
  }

  private abandon(contact: SimContact, token: number): void {
    if (contact.phase !== 'WAITING' || contact.waitToken !== token) return;
    const now = this.context.clock.nowMs;
    contact.dequeueMs = now;
    contact.disconnectMs = now;
    contact.disconnectReason = contact.initiationMethod === 'CALLBACK' || contact.channel === 'TASK' ? 'EXPIRED' : 'CUSTOMER_DISCONNECT';
    contact.phase = 'DONE';
    if (contact.channel === 'VOICE' && contact.initiationMethod !== 'CALLBACK') logQueueMusic(this.flows, contact, now);
    this.contactEvent(contact, 'DISCONNECTED', now);
    this.records.finish(contact);
  }

  /** After 90 s in queue the customer queue flow offers a callback; some callers take it. */
  private offerCallback(contact: SimContact, token: number): void {
    if (contact.phase !== 'WAITING' || contact.waitToken !== token) return;
    const { model, clock } = this.context;
    const queue = model.queues[contact.queueIndex as number];
    if (queue === undefined) return;
    const createdMs = runCallbackOffer(this.flows, contact, queue, clock.nowMs);
    if (createdMs === undefined) return;
    const callback = this.contacts.newContact({
      channel: 'VOICE',
      initiationMethod: 'CALLBACK',
      initiationMs: createdMs,
      queueIndex: contact.queueIndex,
      attributes: { ...contact.attributes },
      customerPhone: contact.customerPhone,
      previous: contact,
    });
    contact.nextContactId = callback.id;
    contact.dequeueMs = createdMs;
    contact.disconnectMs = createdMs;
    contact.disconnectReason = 'CONTACT_FLOW_DISCONNECT';
    contact.phase = 'DONE';
    logQueueMusic(this.flows, contact, createdMs);
    this.contactEvent(contact, 'DISCONNECTED', createdMs);
    this.records.finish(contact);
    clock.at(createdMs, { kind: 'enqueue', contact: callback });
  }

  // ---------------------------------------------------------------- on the agent's desk

  private acceptLeg(leg: AgentLeg): void {
    const { clock, contactPrng } = this.context;
    const now = clock.nowMs;
    const contact = leg.contact;
    contact.agent = leg.agent;
    contact.connectedToAgentMs = now;
    contact.dequeueMs = now;
    contact.phase = 'CONNECTED';
    this.contactEvent(contact, 'CONNECTED_TO_AGENT', now);
    if (contact.channel === 'VOICE' && contact.initiationMethod !== 'CALLBACK') logQueueMusic(this.flows, contact, now);
    if (leg.state === 'INCOMING') {
      // Queued callback: the agent accepted; Connect now dials the customer.
      leg.state = 'CONNECTING';
      leg.stateStartMs = now;
      this.events.publish(leg.agent, 'STATE_CHANGE');
      const answered = contactPrng.chance(0.9);
      clock.at(now + contactPrng.int(6, 20) * SECOND_MS, { kind: 'customerAnswer', leg, answered });
      return;
    }
    leg.state = 'CONNECTED';
    leg.stateStartMs = now;
    this.events.publish(leg.agent, 'STATE_CHANGE');
    this.startConversation(leg);
  }

  private missLeg(leg: AgentLeg): void {
    const { clock, contactPrng } = this.context;
    const now = clock.nowMs;
    leg.state = 'MISSED';
    leg.stateStartMs = now;
    this.events.publish(leg.agent, 'STATE_CHANGE');
    clock.at(now + contactPrng.int(3, 15) * SECOND_MS, { kind: 'legClear', leg });
    const contact = leg.contact;
    contact.phase = 'WAITING';
    contact.waitToken++;
    contact.patienceDeadlineMs = Math.max(contact.patienceDeadlineMs, now + 5 * SECOND_MS);
    clock.at(contact.patienceDeadlineMs, { kind: 'abandon', contact, token: contact.waitToken });
    this.route(contact);
  }

  private customerAnswers(leg: AgentLeg, answered: boolean): void {
    const now = this.context.clock.nowMs;
    const contact = leg.contact;
    if (!answered) {
      contact.customerAnswered = false;
      this.endConversation(leg, 'AGENT_DISCONNECT');
      return;
    }
    contact.connectedToSystemMs = now;
    if (contact.initiationMethod === 'OUTBOUND') contact.connectedToAgentMs = now;
    leg.state = 'CONNECTED';
    leg.stateStartMs = now;
    this.events.publish(leg.agent, 'STATE_CHANGE');
    this.startConversation(leg);
  }

  /** Samples the conversation (talk time, holds) and schedules its events up to the disconnect. */
  private startConversation(leg: AgentLeg): void {
    const { clock, contactPrng: prng } = this.context;
    const now = clock.nowMs;
    const contact = leg.contact;
    const queueIndex = contact.queueIndex ?? QUEUE.BASIC;
    const profile = handlingProfile(queueIndex, contact.channel);
    const maxSeconds = contact.channel === 'VOICE' ? 5400 : 7200;
    const talkMs = clamp(prng.lognormal(profile.talkSeconds * leg.agent.model.handleTimeFactor, 0.55), 15, maxSeconds) * SECOND_MS;
    let elapsedMs = 0;
    if (contact.channel === 'VOICE' && prng.chance(profile.holdProbability)) {
      const holds = prng.weighted([1, 2, 3], HOLD_COUNT_WEIGHTS);
      const offsets: number[] = [];
      for (let i = 0; i < holds; i++) offsets.push(prng.uniform(0.1, 0.9) * talkMs);
      offsets.sort((a, b) => a - b);
      for (const offset of offsets) {
        const holdMs = clamp(prng.lognormal(MEAN_HOLD_SECONDS, 0.7), 5, 600) * SECOND_MS;
        const startMs = now + offset + elapsedMs;
        clock.at(startMs, { kind: 'holdStart', leg });
        clock.at(startMs + holdMs, { kind: 'holdEnd', leg, startMs: Math.floor(startMs) });
        elapsedMs += holdMs;
      }
    }
    clock.at(now + talkMs + elapsedMs, { kind: 'disconnect', leg });
  }

  private startHold(leg: AgentLeg): void {
    leg.state = 'CONNECTED_ONHOLD';
    leg.stateStartMs = this.context.clock.nowMs;
    this.events.publish(leg.agent, 'STATE_CHANGE');
  }

  private endHold(leg: AgentLeg, startMs: number): void {
    const now = this.context.clock.nowMs;
    leg.state = 'CONNECTED';
    leg.stateStartMs = now;
    leg.contact.holds.push({ startMs, endMs: now });
    this.events.publish(leg.agent, 'STATE_CHANGE');
  }

  private disconnect(leg: AgentLeg): void {
    const { clock, window, contactPrng: prng } = this.context;
    const contact = leg.contact;
    const queueIndex = contact.queueIndex ?? QUEUE.BASIC;
    const transferable =
      contact.channel === 'VOICE' &&
      contact.initiationMethod !== 'OUTBOUND' &&
      contact.chainDepth < MAX_TRANSFERS_PER_CHAIN &&
      clock.nowMs < window.endMs;
    if (transferable && queueIndex === QUEUE.SUPPORT && prng.chance(EXTERNAL_TRANSFER_PROBABILITY)) {
      this.transferOut(leg);
      return;
    }
    if (transferable && prng.chance(QUEUE_TRANSFER_PROBABILITY[queueIndex] ?? 0)) {
      this.transferToQueue(leg, this.transferTarget(queueIndex));
      return;
    }
    const reason =
      contact.channel === 'TASK'
        ? 'AGENT_DISCONNECT'
        : prng.chance(0.01) && contact.channel === 'VOICE'
          ? 'TELECOM_PROBLEM'
          : prng.chance(contact.channel === 'CHAT' ? 0.55 : 0.66)
            ? 'CUSTOMER_DISCONNECT'
            : 'AGENT_DISCONNECT';
    this.endConversation(leg, reason);
  }

  private transferTarget(queueIndex: number): number {
    const prng = this.context.contactPrng;
    switch (queueIndex) {
      case QUEUE.BASIC:
        return prng.chance(0.5) ? QUEUE.SALES : QUEUE.SUPPORT;
      case QUEUE.SALES:
        return QUEUE.SUPPORT;
      case QUEUE.SUPPORT:
        return prng.chance(0.7) ? QUEUE.BILLING : QUEUE.SALES;
      default:
        return QUEUE.SUPPORT;
    }
  }

  /** The agent leaves the conversation: the contact ends (or continues elsewhere) and after-contact work starts. */
  private endConversation(leg: AgentLeg, reason: string, customerLeftMs?: number): void {
    const { clock, contactPrng } = this.context;
    const now = clock.nowMs;
    const contact = leg.contact;
    contact.disconnectMs = customerLeftMs ?? now;
    contact.disconnectReason = reason;
    contact.afterContactWorkStartMs = now;
    contact.phase = 'AFTER_CONTACT_WORK';
    this.contactEvent(contact, 'DISCONNECTED', contact.disconnectMs);
    leg.state = 'ENDED';
    leg.stateStartMs = now;
    this.events.publish(leg.agent, 'STATE_CHANGE');
    const profile = handlingProfile(contact.queueIndex ?? QUEUE.BASIC, contact.channel);
    const acwMs = clamp(contactPrng.lognormal(profile.afterContactWorkSeconds * leg.agent.model.handleTimeFactor, 0.6), 2, 600) * SECOND_MS;
    clock.at(now + acwMs, { kind: 'acwEnd', leg });
  }

  /** Cold transfer to another queue: this segment ends, a TRANSFER contact continues the chain. */
  private transferToQueue(leg: AgentLeg, targetQueueIndex: number): void {
    const { model, clock } = this.context;
    const now = clock.nowMs;
    const contact = leg.contact;
    const next = this.contacts.newContact({
      channel: 'VOICE',
      initiationMethod: 'TRANSFER',
      initiationMs: now,
      queueIndex: targetQueueIndex,
      attributes: { ...contact.attributes },
      customerPhone: contact.customerPhone,
      previous: contact,
    });
    contact.nextContactId = next.id;
    this.endConversation(leg, 'AGENT_DISCONNECT');
    clock.at(runQueueTransferFlow(this.flows, next, model.queues[targetQueueIndex], now), { kind: 'enqueue', contact: next });
  }

  /** Transfer to the external partner number: the agent goes to ACW, the customer stays on with the partner. */
  private transferOut(leg: AgentLeg): void {
    const { model, clock, contactPrng: prng } = this.context;
    const contact = leg.contact;
    contact.transferCompletedMs = clock.nowMs;
    contact.transferredToEndpoint = model.phoneNumbers.externalPartner;
    const customerLeftMs = clock.nowMs + prng.int(60, 900) * SECOND_MS;
    this.endConversation(leg, prng.chance(0.6) ? 'THIRD_PARTY_DISCONNECT' : 'CUSTOMER_DISCONNECT', customerLeftMs);
  }

  private endAfterContactWork(leg: AgentLeg): void {
    const contact = leg.contact;
    contact.afterContactWorkEndMs = this.context.clock.nowMs;
    contact.phase = 'DONE';
    this.agents.removeLeg(leg);
    this.records.finish(contact);
  }

  // ---------------------------------------------------------------- outbound

  /** A planned outbound attempt: the agent dials when routable with an empty desk. */
  private placeOutboundCall(agent: SimAgent, token: number): void {
    const { clock, window, contactPrng: prng } = this.context;
    if (token !== agent.shiftToken || !this.agents.isRoutable(agent) || agent.legs.length > 0 || clock.nowMs >= window.endMs) return;
    const now = clock.nowMs;
    const contact = this.contacts.newContact({
      channel: 'VOICE',
      initiationMethod: 'OUTBOUND',
      initiationMs: now,
      queueIndex: agent.routingProfile.defaultOutboundQueueIndex,
      attributes: {},
      customerPhone: this.contacts.customerPhone(prng),
    });
    contact.agent = agent;
    contact.connectedToAgentMs = now;
    contact.phase = 'CONNECTED';
    const leg: AgentLeg = { contact, agent, state: 'CONNECTING', stateStartMs: now };
    agent.legs.push(leg);
    this.events.publish(agent, 'STATE_CHANGE');
    this.agents.refreshAvailability(agent);
    const answered = prng.chance(0.72);
    clock.at(now + (answered ? prng.int(8, 25) : 30) * SECOND_MS, { kind: 'customerAnswer', leg, answered });
  }
}
