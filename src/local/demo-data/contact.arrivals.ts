import type { ArrivalStream } from './arrival.model';
import { QUEUE } from './contact-center.model';
import { runChatFlow, runInboundFlow, runTaskFlow, type FlowContext } from './contact-flows';
import type { ContactFactory } from './contact.factory';
import type { ContactRecords } from './contact.records';
import { derivePrng, type Prng } from './prng';
import type { SimulationContext } from './simulation.context';
import type { SimContact } from './simulation.types';

/**
 * Share of inbound calls placed from the web or an app (InitiationMethod WEBRTC_API, newer than the
 * Data Analytics Sample). They are routed exactly like phone calls (same flow, queue, callback offer:
 * the caller types a callback number), but their CTR, and that of a transfer of them, has no
 * customer endpoint: there is no calling number. Only labels and endpoints differ from an all-phone
 * run, so a seed's contacts, timings and chains are those it gave before WEBRTC_API existed here.
 */
const WEBRTC_CALL_SHARE = 0.05;

const CHAT_TOPICS: readonly string[] = ['General', 'Orders', 'ProductHelp', 'Billing'];
const TASK_TYPES: readonly string[] = ['ReturnRequest', 'RefundReview', 'InvoiceDispute', 'AddressChange'];
const CUSTOMER_TIERS: readonly string[] = ['Standard', 'Silver', 'Gold'];
const CUSTOMER_TIER_WEIGHTS: readonly number[] = [70, 22, 8];

/**
 * A customer contact arrives: an inbound call runs the IVR (menu, hours, queue choice) and either
 * ends there or goes to a queue; a chat or a task runs its flow into its stream's queue.
 */
export class ContactArrivals {
  /** Its own stream, so that marking calls as WEBRTC_API leaves every other draw where it was. */
  private readonly webrtcPrng: Prng;

  constructor(
    private readonly context: SimulationContext,
    private readonly contacts: ContactFactory,
    private readonly flows: FlowContext,
    private readonly records: ContactRecords,
  ) {
    this.webrtcPrng = derivePrng(context.model.seed, 'webrtc-calls');
  }

  arrive(stream: ArrivalStream): void {
    const { model, clock, contactPrng: prng } = this.context;
    const now = clock.nowMs;
    const queue = model.queues[stream.queueIndex];
    if (queue === undefined) return;
    const tier = prng.weighted(CUSTOMER_TIERS, CUSTOMER_TIER_WEIGHTS);
    if (stream.channel === 'VOICE') {
      const contact = this.contacts.newContact({
        channel: 'VOICE',
        initiationMethod: this.webrtcPrng.chance(WEBRTC_CALL_SHARE) ? 'WEBRTC_API' : 'INBOUND',
        initiationMs: now,
        queueIndex: null,
        attributes: {},
        customerPhone: this.contacts.customerPhone(prng),
      });
      const outcome = runInboundFlow(this.flows, contact, stream.queueIndex, tier, now);
      if (outcome.kind === 'end') {
        this.endInFlow(contact, outcome.endMs, outcome.disconnectReason);
      } else {
        contact.queueIndex = outcome.queueIndex;
        clock.at(outcome.enqueueMs, { kind: 'enqueue', contact });
      }
      return;
    }
    if (stream.channel === 'CHAT') {
      const topic = stream.queueIndex === QUEUE.BILLING ? 'Billing' : (CHAT_TOPICS[stream.queueIndex] ?? 'General');
      const contact = this.contacts.newContact({
        channel: 'CHAT',
        initiationMethod: 'API',
        initiationMs: now,
        queueIndex: stream.queueIndex,
        attributes: { ChatTopic: topic, CustomerTier: tier },
        customerPhone: null,
      });
      clock.at(runChatFlow(this.flows, contact, queue, topic, now), { kind: 'enqueue', contact });
      return;
    }
    const taskType = stream.queueIndex === QUEUE.BILLING ? prng.pick(TASK_TYPES.slice(1, 3)) : prng.pick(TASK_TYPES);
    const contact = this.contacts.newContact({
      channel: 'TASK',
      initiationMethod: 'API',
      initiationMs: now,
      queueIndex: stream.queueIndex,
      attributes: { TaskType: taskType },
      customerPhone: null,
      references: [{ Name: 'Ticket', Type: 'URL', Value: `https://tickets.anycompany.example/T-${prng.digits(7, true)}` }],
    });
    clock.at(runTaskFlow(this.flows, contact, queue, now), { kind: 'enqueue', contact });
  }

  /** A contact that ends in its flow, before any queue. */
  private endInFlow(contact: SimContact, endMs: number, reason: string): void {
    contact.disconnectMs = endMs;
    contact.disconnectReason = reason;
    contact.phase = 'DONE';
    this.records.finish(contact);
  }
}
