import { AgentEventBuilder, type AgentEventType } from './agent-event.builder';
import { arrivalStreams, planDemand, poissonArrivals, SLOTS_PER_DAY, type ArrivalStream, type DemandPlan } from './arrival.model';
import { buildContactLensRow } from './contact-lens.builder';
import { contactFlowLogLine, type FlowBlockLog } from './contact-flow-log.builder';
import { QUEUE, type ContactCenterModel, type ModelChannel } from './contact-center.model';
import {
  logQueueMusic,
  runCallbackOffer,
  runChatFlow,
  runInboundFlow,
  runQueueTransferFlow,
  runTaskFlow,
  type FlowContext,
} from './contact-flows';
import { CtrBuilder } from './ctr.builder';
import { publishAgentEvent, publishCtr } from './delivery-quirks';
import { buildEvaluationRow, EVALUATION_PROBABILITY } from './evaluation.builder';
import { EventQueue } from './event-queue';
import {
  HOLD_COUNT_WEIGHTS,
  MEAN_HOLD_SECONDS,
  MEAN_RING_SECONDS,
  MISSED_OFFER_PROBABILITY,
  RING_TIMEOUT_SECONDS,
  handlingProfile,
} from './handling.model';
import { derivePrng, type Prng } from './prng';
import { RecordEmitter } from './record-emitter';
import type { RecordSink } from './record-sink';
import { RoutingState } from './routing.state';
import { planShift, type ShiftPlan } from './shift.planner';
import type { AgentLeg, SimAgent, SimContact, SimInitiationMethod } from './simulation.types';
import { MINUTE_MS, SECOND_MS } from './time.format';
import { formatLocalDate, localDateOf, localTimeToUtcMs, nextLocalDate, type LocalDate } from '../../domain/time-zone';
import type { RecordSource } from '../../domain/records';

/** The simulated period. */
export interface SimulationWindow {
  /** First instant simulated with arrivals (UTC midnight of the first day). */
  readonly startMs: number;
  /** Arrivals stop here (UTC midnight after the last day); contacts in progress still finish. */
  readonly endMs: number;
  /** Nothing is simulated or emitted after this instant (`endAt`); Infinity without. */
  readonly stopMs: number;
}

/** What a simulation run produced. */
export interface SimulationStats {
  /** Lines written per source, duplicates and re-deliveries included. */
  readonly counts: Record<RecordSource, number>;
  /** Distinct contacts whose CTR was written. */
  readonly contacts: number;
}

/** Options of {@link runSimulation}. */
export interface SimulationOptions {
  readonly model: ContactCenterModel;
  readonly window: SimulationWindow;
  readonly sink: RecordSink;
  /** Called as simulated time passes: minutes simulated so far and in total. */
  readonly onProgress?: (doneMinutes: number, totalMinutes: number) => void;
  /** Aborts the run between events (throws the signal's reason). */
  readonly signal?: AbortSignal;
}

type SimEvent =
  | { readonly kind: 'planDay'; readonly date: LocalDate }
  | { readonly kind: 'slot'; readonly demand: DemandPlan; readonly slot: number; readonly prng: Prng }
  | { readonly kind: 'arrival'; readonly stream: ArrivalStream }
  | { readonly kind: 'enqueue'; readonly contact: SimContact }
  | { readonly kind: 'abandon'; readonly contact: SimContact; readonly token: number }
  | { readonly kind: 'callbackOffer'; readonly contact: SimContact; readonly token: number }
  | { readonly kind: 'login'; readonly agent: SimAgent; readonly plan: ShiftPlan }
  | { readonly kind: 'available'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'activityStart'; readonly agent: SimAgent; readonly statusIndex: number; readonly token: number }
  | { readonly kind: 'activityEnd'; readonly agent: SimAgent; readonly statusIndex: number; readonly token: number }
  | { readonly kind: 'logoutDue'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'logout'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'outbound'; readonly agent: SimAgent; readonly token: number }
  | { readonly kind: 'heartbeat'; readonly agent: SimAgent }
  | { readonly kind: 'legAccept'; readonly leg: AgentLeg }
  | { readonly kind: 'legMissed'; readonly leg: AgentLeg }
  | { readonly kind: 'legClear'; readonly leg: AgentLeg }
  | { readonly kind: 'customerAnswer'; readonly leg: AgentLeg; readonly answered: boolean }
  | { readonly kind: 'holdStart'; readonly leg: AgentLeg }
  | { readonly kind: 'holdEnd'; readonly leg: AgentLeg; readonly startMs: number }
  | { readonly kind: 'disconnect'; readonly leg: AgentLeg }
  | { readonly kind: 'acwEnd'; readonly leg: AgentLeg };

const HEARTBEAT_INTERVAL_MS = 120 * SECOND_MS;
const MAX_TRANSFERS_PER_CHAIN = 2;
/** Probability that a handled voice contact is transferred to another queue, by queue index. */
const QUEUE_TRANSFER_PROBABILITY: readonly number[] = [0.12, 0.03, 0.07, 0.04];
const EXTERNAL_TRANSFER_PROBABILITY = 0.01;
const CALLBACK_OFFER_AFTER_MS = 90 * SECOND_MS;
/**
 * Share of inbound calls placed from the web or an app (InitiationMethod WEBRTC_API, newer than the
 * Data Analytics Sample). They are routed exactly like phone calls (same flow, queue, callback offer:
 * the caller types a callback number), but their CTR, and that of a transfer of them, has no
 * customer endpoint: there is no calling number. Only labels and endpoints differ from an all-phone
 * run, so a seed's contacts, timings and chains are those it gave before WEBRTC_API existed here.
 */
const WEBRTC_CALL_SHARE = 0.05;
const CONTACT_LENS_PROBABILITY = 0.85;
const CUSTOMER_POOL_PER_AGENT = 400;
/** Queued callbacks not reached within this time expire (DisconnectReason EXPIRED). */
const CALLBACK_EXPIRY_MS = 8 * 60 * MINUTE_MS;
/** Tasks not picked up within this time expire. */
const TASK_EXPIRY_MS = 24 * 60 * MINUTE_MS;

const CHAT_TOPICS: readonly string[] = ['General', 'Orders', 'ProductHelp', 'Billing'];
const TASK_TYPES: readonly string[] = ['ReturnRequest', 'RefundReview', 'InvoiceDispute', 'AddressChange'];
const CUSTOMER_TIERS: readonly string[] = ['Standard', 'Silver', 'Gold'];
const CUSTOMER_TIER_WEIGHTS: readonly number[] = [70, 22, 8];

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A deterministic customer phone number for a pool index (E.164, US). */
function customerPhone(index: number): string {
  const area = 201 + ((index * 7919) % 788);
  const line = (index * 2654435761) % 10_000_000;
  return `+1${area}${String(line).padStart(7, '0')}`;
}

/**
 * The discrete-event simulation of the demo contact center. One run covers the whole window in
 * time order with one event queue; only the state of what is in progress is kept (agents, waiting
 * and connected contacts), and every record is handed to the sink as soon as it exists, so memory
 * does not grow with the number of days.
 */
class ContactCenterSimulation {
  private readonly queue = new EventQueue<SimEvent>();
  private readonly emitter: RecordEmitter;
  private readonly ctrBuilder: CtrBuilder;
  private readonly aeBuilder: AgentEventBuilder;
  private readonly agents: SimAgent[];
  private readonly streams: ArrivalStream[];
  private readonly routing: RoutingState;
  private readonly flowContext: FlowContext;
  private readonly statusIndex: Record<'Available' | 'Offline' | 'Lunch' | 'Break' | 'Training', number>;
  private readonly contactPrng: Prng;
  private readonly idPrng: Prng;
  /** Its own stream, so that marking calls as WEBRTC_API leaves every other draw where it was. */
  private readonly webrtcPrng: Prng;
  private readonly eventIdPrng: Prng;
  private readonly cflPrng: Prng;
  private readonly quirkPrng: Prng;
  private readonly contactLensPrng: Prng;
  private readonly evaluationPrng: Prng;
  private readonly customerPoolSize: number;
  private contactsWritten = 0;
  private nowMs = 0;

  constructor(
    private readonly model: ContactCenterModel,
    private readonly window: SimulationWindow,
    sink: RecordSink,
  ) {
    this.emitter = new RecordEmitter(sink, { startMs: window.startMs, stopMs: window.stopMs });
    this.ctrBuilder = new CtrBuilder(model);
    this.aeBuilder = new AgentEventBuilder(model);
    const seed = model.seed;
    this.contactPrng = derivePrng(seed, 'contacts');
    this.idPrng = derivePrng(seed, 'contact-ids');
    this.webrtcPrng = derivePrng(seed, 'webrtc-calls');
    this.eventIdPrng = derivePrng(seed, 'agent-event-ids');
    this.cflPrng = derivePrng(seed, 'flow-logs');
    this.quirkPrng = derivePrng(seed, 'delivery-quirks');
    this.contactLensPrng = derivePrng(seed, 'contact-lens');
    this.evaluationPrng = derivePrng(seed, 'evaluations');
    this.customerPoolSize = Math.max(2000, model.agents.length * CUSTOMER_POOL_PER_AGENT);
    this.streams = arrivalStreams(model);
    this.routing = new RoutingState(model, (agent) => this.isRoutable(agent));
    this.flowContext = { model, prng: this.contactPrng, log: (entry) => this.flowLog(entry) };
    const statusOf = (name: string): number => model.agentStatuses.findIndex((status) => status.name === name);
    this.statusIndex = {
      Available: statusOf('Available'),
      Offline: statusOf('Offline'),
      Lunch: statusOf('Lunch'),
      Break: statusOf('Break'),
      Training: statusOf('Training'),
    };
    this.agents = model.agents.map((agentModel) => ({
      model: agentModel,
      routingProfile: model.routingProfiles[agentModel.routingProfileIndex] ?? (model.routingProfiles[0] as never),
      loggedIn: false,
      statusIndex: this.statusIndex.Offline,
      statusStartMs: window.startMs,
      nextStatus: null,
      legs: [],
      availableSinceMs: [0, 0, 0],
      inAvailableSet: [false, false, false],
      lastEventMs: 0,
      lastSnapshotJson: null,
      heartbeatRunning: false,
      heartbeatUntilMs: 0,
      shift: null,
      activityStatusIndex: null,
      logoutRequested: false,
      shiftToken: 0,
    }));
  }

  async run(options: SimulationOptions): Promise<SimulationStats> {
    const { window } = this;
    const timeZone = this.model.instance.timeZone;
    const firstDate = localDateOf(timeZone, window.startMs - 86_400_000);
    this.queue.push(localTimeToUtcMs(timeZone, firstDate, 0), { kind: 'planDay', date: firstDate });
    const totalMinutes = Math.max(1, Math.round((window.endMs - window.startMs) / MINUTE_MS));
    let reportedMinute = -1;
    let processed = 0;
    for (;;) {
      const next = this.queue.pop();
      if (next === undefined || next.timeMs > window.stopMs) break;
      this.nowMs = next.timeMs;
      this.handle(next.item);
      if (++processed % 2048 === 0) {
        options.sink.advanceTo(this.nowMs);
        if (options.sink.needsDrain()) await options.sink.drain();
        if (options.signal?.aborted) throw options.signal.reason;
        const doneMinute = clamp(Math.floor((this.nowMs - window.startMs) / MINUTE_MS), 0, totalMinutes);
        if (doneMinute !== reportedMinute && options.onProgress !== undefined) {
          reportedMinute = doneMinute;
          options.onProgress(doneMinute, totalMinutes);
        }
      }
    }
    this.emitter.flush();
    options.onProgress?.(totalMinutes, totalMinutes);
    return { counts: { ...this.emitter.counts }, contacts: this.contactsWritten };
  }

  /** Schedules an event; times are whole milliseconds (timestamps carry ms, never fractions). */
  private at(timeMs: number, event: SimEvent): void {
    this.queue.push(Math.max(Math.round(timeMs), this.nowMs), event);
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'planDay':
        return this.planDay(event.date);
      case 'slot':
        return this.slotArrivals(event.demand, event.slot, event.prng);
      case 'arrival':
        return this.arrive(event.stream);
      case 'enqueue':
        return this.enqueue(event.contact);
      case 'abandon':
        return this.abandon(event.contact, event.token);
      case 'callbackOffer':
        return this.offerCallback(event.contact, event.token);
      case 'login':
        return this.login(event.agent, event.plan);
      case 'available':
        if (event.token === event.agent.shiftToken && event.agent.loggedIn && !event.agent.logoutRequested && event.agent.statusIndex === this.statusIndex.Offline) {
          this.setStatus(event.agent, this.statusIndex.Available);
        }
        return;
      case 'activityStart':
        return this.startActivity(event.agent, event.statusIndex, event.token);
      case 'activityEnd':
        return this.endActivity(event.agent, event.statusIndex, event.token);
      case 'logoutDue':
        if (event.token === event.agent.shiftToken && event.agent.loggedIn) {
          event.agent.logoutRequested = true;
          this.requestStatus(event.agent, this.statusIndex.Offline);
        }
        return;
      case 'logout':
        return this.logout(event.agent, event.token);
      case 'outbound':
        return this.placeOutboundCall(event.agent, event.token);
      case 'heartbeat':
        return this.heartbeat(event.agent);
      case 'legAccept':
        return this.acceptLeg(event.leg);
      case 'legMissed':
        return this.missLeg(event.leg);
      case 'legClear':
        return this.clearLeg(event.leg);
      case 'customerAnswer':
        return this.customerAnswers(event.leg, event.answered);
      case 'holdStart':
        event.leg.state = 'CONNECTED_ONHOLD';
        event.leg.stateStartMs = this.nowMs;
        this.agentEvent(event.leg.agent, 'STATE_CHANGE');
        return;
      case 'holdEnd':
        event.leg.state = 'CONNECTED';
        event.leg.stateStartMs = this.nowMs;
        event.leg.contact.holds.push({ startMs: event.startMs, endMs: this.nowMs });
        this.agentEvent(event.leg.agent, 'STATE_CHANGE');
        return;
      case 'disconnect':
        return this.disconnect(event.leg);
      case 'acwEnd':
        return this.endAfterContactWork(event.leg);
    }
  }

  // ---------------------------------------------------------------- days, shifts, arrivals

  private planDay(date: LocalDate): void {
    const { model, window } = this;
    const plans: ShiftPlan[] = [];
    for (const agent of this.agents) {
      const plan = planShift(model, agent.model, date);
      if (plan === null) continue;
      if (plan.logoutMs + plan.heartbeatsAfterLogoutMs < window.startMs || plan.loginMs >= window.endMs) continue;
      plans.push(plan);
      this.at(plan.loginMs, { kind: 'login', agent, plan });
    }
    const demand = planDemand(model, this.streams, plans, date, derivePrng(model.seed, 'demand', formatLocalDate(date)));
    const firstSlot = demand.slotStartMs.findIndex((_, slot) => slot < SLOTS_PER_DAY && (demand.slotStartMs[slot + 1] as number) > window.startMs);
    if (firstSlot >= 0) {
      const prng = derivePrng(model.seed, 'arrivals', formatLocalDate(date));
      this.at(demand.slotStartMs[firstSlot] as number, { kind: 'slot', demand, slot: firstSlot, prng });
    }
    const nextDate = nextLocalDate(date);
    const nextMidnightMs = localTimeToUtcMs(model.instance.timeZone, nextDate, 0);
    if (nextMidnightMs < window.endMs) this.at(nextMidnightMs, { kind: 'planDay', date: nextDate });
  }

  private slotArrivals(demand: DemandPlan, slot: number, prng: Prng): void {
    const fromMs = Math.max(demand.slotStartMs[slot] as number, this.window.startMs);
    const toMs = Math.min(demand.slotStartMs[slot + 1] as number, this.window.endMs);
    if (fromMs < toMs) {
      this.streams.forEach((stream, index) => {
        const rate = demand.ratePerSecond[index]?.[slot] ?? 0;
        for (const arrivalMs of poissonArrivals(prng, rate, fromMs, toMs)) this.at(arrivalMs, { kind: 'arrival', stream });
      });
    }
    if (slot + 1 < SLOTS_PER_DAY && (demand.slotStartMs[slot + 1] as number) < this.window.endMs) {
      this.at(demand.slotStartMs[slot + 1] as number, { kind: 'slot', demand, slot: slot + 1, prng });
    }
  }

  // ---------------------------------------------------------------- contacts

  private newContact(fields: {
    channel: ModelChannel;
    initiationMethod: SimInitiationMethod;
    initiationMs: number;
    queueIndex: number | null;
    attributes: Record<string, string>;
    customerPhone: string | null;
    previous?: SimContact;
    references?: SimContact['references'];
  }): SimContact {
    const previous = fields.previous;
    return {
      id: this.idPrng.uuid(),
      channel: fields.channel,
      initiationMethod: fields.initiationMethod,
      initiationMs: fields.initiationMs,
      connectedToSystemMs: fields.initiationMethod === 'OUTBOUND' || fields.initiationMethod === 'CALLBACK' ? null : fields.initiationMs,
      queueIndex: fields.queueIndex,
      outboundQueue: fields.initiationMethod === 'OUTBOUND',
      enqueueMs: null,
      dequeueMs: null,
      phase: 'FLOW',
      waitToken: 0,
      patienceDeadlineMs: Infinity,
      attributes: fields.attributes,
      customerPhone: fields.customerPhone,
      previousContactId: previous?.id ?? null,
      initialContactId: previous === undefined ? null : (previous.initialContactId ?? previous.id),
      nextContactId: null,
      chainDepth: previous === undefined ? 0 : previous.chainDepth + 1,
      webCall: fields.initiationMethod === 'WEBRTC_API' || (fields.initiationMethod === 'TRANSFER' && previous?.webCall === true),
      agentConnectionAttempts: 0,
      agent: null,
      connectedToAgentMs: null,
      holds: [],
      disconnectMs: null,
      disconnectReason: null,
      afterContactWorkStartMs: null,
      afterContactWorkEndMs: null,
      transferCompletedMs: null,
      transferredToEndpoint: null,
      customerAnswered: true,
      references: fields.references ?? [],
    };
  }

  private flowLog(log: FlowBlockLog): void {
    const ingestedMs = log.timestampMs + this.cflPrng.int(150, 2500);
    const line = contactFlowLogLine(log, ingestedMs, this.cflPrng.digits(56, true));
    this.emitter.emit('cfl', ingestedMs, ingestedMs, line);
  }

  private arrive(stream: ArrivalStream): void {
    const now = this.nowMs;
    const prng = this.contactPrng;
    const queue = this.model.queues[stream.queueIndex];
    if (queue === undefined) return;
    const tier = prng.weighted(CUSTOMER_TIERS, CUSTOMER_TIER_WEIGHTS);
    if (stream.channel === 'VOICE') {
      const contact = this.newContact({
        channel: 'VOICE',
        initiationMethod: this.webrtcPrng.chance(WEBRTC_CALL_SHARE) ? 'WEBRTC_API' : 'INBOUND',
        initiationMs: now,
        queueIndex: null,
        attributes: {},
        customerPhone: customerPhone(prng.int(0, this.customerPoolSize - 1)),
      });
      const outcome = runInboundFlow(this.flowContext, contact, stream.queueIndex, tier, now);
      if (outcome.kind === 'end') {
        this.endInFlow(contact, outcome.endMs, outcome.disconnectReason);
      } else {
        contact.queueIndex = outcome.queueIndex;
        this.at(outcome.enqueueMs, { kind: 'enqueue', contact });
      }
      return;
    }
    if (stream.channel === 'CHAT') {
      const topic = stream.queueIndex === QUEUE.BILLING ? 'Billing' : (CHAT_TOPICS[stream.queueIndex] ?? 'General');
      const contact = this.newContact({
        channel: 'CHAT',
        initiationMethod: 'API',
        initiationMs: now,
        queueIndex: stream.queueIndex,
        attributes: { ChatTopic: topic, CustomerTier: tier },
        customerPhone: null,
      });
      this.at(runChatFlow(this.flowContext, contact, queue, topic, now), { kind: 'enqueue', contact });
      return;
    }
    const taskType = stream.queueIndex === QUEUE.BILLING ? prng.pick(TASK_TYPES.slice(1, 3)) : prng.pick(TASK_TYPES);
    const contact = this.newContact({
      channel: 'TASK',
      initiationMethod: 'API',
      initiationMs: now,
      queueIndex: stream.queueIndex,
      attributes: { TaskType: taskType },
      customerPhone: null,
      references: [{ Name: 'Ticket', Type: 'URL', Value: `https://tickets.anycompany.example/T-${prng.digits(7, true)}` }],
    });
    this.at(runTaskFlow(this.flowContext, contact, queue, now), { kind: 'enqueue', contact });
  }

  /** A contact that ends in its flow, before any queue. */
  private endInFlow(contact: SimContact, endMs: number, reason: string): void {
    contact.disconnectMs = endMs;
    contact.disconnectReason = reason;
    contact.phase = 'DONE';
    this.finishContact(contact);
  }

  private enqueue(contact: SimContact): void {
    const now = this.nowMs;
    const prng = this.contactPrng;
    contact.enqueueMs = now;
    contact.phase = 'WAITING';
    contact.waitToken++;
    const queueIndex = contact.queueIndex as number;
    const profile = handlingProfile(queueIndex, contact.channel);
    // Customers give up after their patience; queued callbacks and tasks do not, but expire.
    const expiryMs = contact.initiationMethod === 'CALLBACK' ? CALLBACK_EXPIRY_MS : contact.channel === 'TASK' ? TASK_EXPIRY_MS : undefined;
    contact.patienceDeadlineMs =
      expiryMs !== undefined ? now + expiryMs : now + Math.round(Math.max(3, prng.lognormal(profile.patienceSeconds, 0.9)) * SECOND_MS);
    this.at(contact.patienceDeadlineMs, { kind: 'abandon', contact, token: contact.waitToken });
    if (contact.channel === 'VOICE' && (contact.initiationMethod === 'INBOUND' || contact.initiationMethod === 'WEBRTC_API')) {
      this.at(now + CALLBACK_OFFER_AFTER_MS, { kind: 'callbackOffer', contact, token: contact.waitToken });
    }
    this.route(contact);
  }

  /** Puts a waiting contact in its queue, or straight on the longest-idle agent who can take it. */
  private route(contact: SimContact): void {
    const agent = this.routing.agentFor(contact);
    if (agent !== undefined) this.offer(agent, contact);
    else this.routing.wait(contact);
  }

  private abandon(contact: SimContact, token: number): void {
    if (contact.phase !== 'WAITING' || contact.waitToken !== token) return;
    const now = this.nowMs;
    contact.dequeueMs = now;
    contact.disconnectMs = now;
    contact.disconnectReason = contact.initiationMethod === 'CALLBACK' || contact.channel === 'TASK' ? 'EXPIRED' : 'CUSTOMER_DISCONNECT';
    contact.phase = 'DONE';
    if (contact.channel === 'VOICE' && contact.initiationMethod !== 'CALLBACK') logQueueMusic(this.flowContext, contact, now);
    this.finishContact(contact);
  }

  /** After 90 s in queue the customer queue flow offers a callback; some callers take it. */
  private offerCallback(contact: SimContact, token: number): void {
    if (contact.phase !== 'WAITING' || contact.waitToken !== token) return;
    const queue = this.model.queues[contact.queueIndex as number];
    if (queue === undefined) return;
    const createdMs = runCallbackOffer(this.flowContext, contact, queue, this.nowMs);
    if (createdMs === undefined) return;
    const callback = this.newContact({
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
    logQueueMusic(this.flowContext, contact, createdMs);
    this.finishContact(contact);
    this.at(createdMs, { kind: 'enqueue', contact: callback });
  }

  // ---------------------------------------------------------------- offering and handling

  private offer(agent: SimAgent, contact: SimContact): void {
    const now = this.nowMs;
    const prng = this.contactPrng;
    contact.phase = 'OFFERED';
    contact.agentConnectionAttempts++;
    const leg: AgentLeg = { contact, agent, state: contact.initiationMethod === 'CALLBACK' ? 'INCOMING' : 'CONNECTING', stateStartMs: now };
    agent.legs.push(leg);
    this.agentEvent(agent, 'STATE_CHANGE');
    this.refreshAvailability(agent);
    if (prng.chance(MISSED_OFFER_PROBABILITY)) {
      this.at(now + RING_TIMEOUT_SECONDS * SECOND_MS, { kind: 'legMissed', leg });
    } else {
      const ringMs = clamp(prng.lognormal(MEAN_RING_SECONDS, 0.5), 1.2, RING_TIMEOUT_SECONDS - 1) * SECOND_MS;
      this.at(now + ringMs, { kind: 'legAccept', leg });
    }
  }

  private acceptLeg(leg: AgentLeg): void {
    const now = this.nowMs;
    const contact = leg.contact;
    contact.agent = leg.agent;
    contact.connectedToAgentMs = now;
    contact.dequeueMs = now;
    contact.phase = 'CONNECTED';
    if (contact.channel === 'VOICE' && contact.initiationMethod !== 'CALLBACK') logQueueMusic(this.flowContext, contact, now);
    if (leg.state === 'INCOMING') {
      // Queued callback: the agent accepted; Connect now dials the customer.
      leg.state = 'CONNECTING';
      leg.stateStartMs = now;
      this.agentEvent(leg.agent, 'STATE_CHANGE');
      const answered = this.contactPrng.chance(0.9);
      this.at(now + this.contactPrng.int(6, 20) * SECOND_MS, { kind: 'customerAnswer', leg, answered });
      return;
    }
    leg.state = 'CONNECTED';
    leg.stateStartMs = now;
    this.agentEvent(leg.agent, 'STATE_CHANGE');
    this.startConversation(leg);
  }

  private missLeg(leg: AgentLeg): void {
    const now = this.nowMs;
    leg.state = 'MISSED';
    leg.stateStartMs = now;
    this.agentEvent(leg.agent, 'STATE_CHANGE');
    this.at(now + this.contactPrng.int(3, 15) * SECOND_MS, { kind: 'legClear', leg });
    const contact = leg.contact;
    contact.phase = 'WAITING';
    contact.waitToken++;
    contact.patienceDeadlineMs = Math.max(contact.patienceDeadlineMs, now + 5 * SECOND_MS);
    this.at(contact.patienceDeadlineMs, { kind: 'abandon', contact, token: contact.waitToken });
    this.route(contact);
  }

  private clearLeg(leg: AgentLeg): void {
    this.removeLeg(leg);
  }

  private customerAnswers(leg: AgentLeg, answered: boolean): void {
    const now = this.nowMs;
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
    this.agentEvent(leg.agent, 'STATE_CHANGE');
    this.startConversation(leg);
  }

  /** Samples the conversation (talk time, holds) and schedules its events up to the disconnect. */
  private startConversation(leg: AgentLeg): void {
    const now = this.nowMs;
    const prng = this.contactPrng;
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
        this.at(startMs, { kind: 'holdStart', leg });
        this.at(startMs + holdMs, { kind: 'holdEnd', leg, startMs: Math.floor(startMs) });
        elapsedMs += holdMs;
      }
    }
    this.at(now + talkMs + elapsedMs, { kind: 'disconnect', leg });
  }

  private disconnect(leg: AgentLeg): void {
    const prng = this.contactPrng;
    const contact = leg.contact;
    const queueIndex = contact.queueIndex ?? QUEUE.BASIC;
    const transferable =
      contact.channel === 'VOICE' &&
      contact.initiationMethod !== 'OUTBOUND' &&
      contact.chainDepth < MAX_TRANSFERS_PER_CHAIN &&
      this.nowMs < this.window.endMs;
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
    const prng = this.contactPrng;
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
    const now = this.nowMs;
    const contact = leg.contact;
    contact.disconnectMs = customerLeftMs ?? now;
    contact.disconnectReason = reason;
    contact.afterContactWorkStartMs = now;
    contact.phase = 'AFTER_CONTACT_WORK';
    leg.state = 'ENDED';
    leg.stateStartMs = now;
    this.agentEvent(leg.agent, 'STATE_CHANGE');
    const profile = handlingProfile(contact.queueIndex ?? QUEUE.BASIC, contact.channel);
    const acwMs = clamp(this.contactPrng.lognormal(profile.afterContactWorkSeconds * leg.agent.model.handleTimeFactor, 0.6), 2, 600) * SECOND_MS;
    this.at(now + acwMs, { kind: 'acwEnd', leg });
  }

  /** Cold transfer to another queue: this segment ends, a TRANSFER contact continues the chain. */
  private transferToQueue(leg: AgentLeg, targetQueueIndex: number): void {
    const now = this.nowMs;
    const contact = leg.contact;
    const next = this.newContact({
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
    this.at(runQueueTransferFlow(this.flowContext, next, this.model.queues[targetQueueIndex], now), { kind: 'enqueue', contact: next });
  }

  /** Transfer to the external partner number: the agent goes to ACW, the customer stays on with the partner. */
  private transferOut(leg: AgentLeg): void {
    const prng = this.contactPrng;
    const contact = leg.contact;
    contact.transferCompletedMs = this.nowMs;
    contact.transferredToEndpoint = this.model.phoneNumbers.externalPartner;
    const customerLeftMs = this.nowMs + prng.int(60, 900) * SECOND_MS;
    this.endConversation(leg, prng.chance(0.6) ? 'THIRD_PARTY_DISCONNECT' : 'CUSTOMER_DISCONNECT', customerLeftMs);
  }

  private endAfterContactWork(leg: AgentLeg): void {
    const contact = leg.contact;
    contact.afterContactWorkEndMs = this.nowMs;
    contact.phase = 'DONE';
    this.removeLeg(leg);
    this.finishContact(contact);
  }

  private removeLeg(leg: AgentLeg): void {
    const agent = leg.agent;
    const index = agent.legs.indexOf(leg);
    if (index >= 0) agent.legs.splice(index, 1);
    this.agentEvent(agent, 'STATE_CHANGE');
    if (agent.legs.length === 0 && agent.nextStatus !== null) {
      this.setStatus(agent, agent.nextStatus.statusIndex);
      return;
    }
    this.refreshAvailability(agent);
    this.pickWork(agent);
  }

  /** Writes the records of a finished contact: its CTR (with re-deliveries), its Contact Lens row, its evaluation. */
  private finishContact(contact: SimContact): void {
    const prng = this.quirkPrng;
    const endMs = Math.max(contact.disconnectMs ?? contact.initiationMs, contact.afterContactWorkEndMs ?? 0);
    const lastUpdateMs = endMs + prng.int(20, 95) * SECOND_MS;
    const ctr = this.ctrBuilder.build(contact, lastUpdateMs);
    if (publishCtr(this.emitter, prng, ctr, contact.initiationMs, lastUpdateMs)) this.contactsWritten++;
    const handled = contact.agent !== null && contact.connectedToAgentMs !== null;
    if (handled && contact.channel === 'VOICE' && contact.customerAnswered && this.contactLensPrng.chance(CONTACT_LENS_PROBABILITY)) {
      const row = buildContactLensRow(this.model, contact, this.contactLensPrng);
      if (row !== null) {
        const emittedMs = Math.max(endMs + this.contactLensPrng.int(60, 360) * SECOND_MS, lastUpdateMs + SECOND_MS);
        this.emitter.emit('cl', Date.parse(row.recordingTimestamp), emittedMs, JSON.stringify(row));
      }
    }
    const evaluable =
      handled &&
      contact.customerAnswered &&
      (contact.channel === 'VOICE' || contact.channel === 'CHAT') &&
      contact.initiationMethod !== 'OUTBOUND';
    if (evaluable && this.evaluationPrng.chance(EVALUATION_PROBABILITY)) {
      const row = buildEvaluationRow(this.model, contact, this.evaluationPrng);
      if (row !== null) {
        const submittedMs = Date.parse(row.evaluationSubmitTimestamp);
        this.emitter.emit('ef', submittedMs, submittedMs, JSON.stringify(row));
      }
    }
  }

  // ---------------------------------------------------------------- agents

  private login(agent: SimAgent, plan: ShiftPlan): void {
    const now = this.nowMs;
    const prng = derivePrng(this.model.seed, 'login', agent.model.index, plan.loginMs);
    agent.shift = plan;
    agent.shiftToken++;
    agent.loggedIn = true;
    agent.logoutRequested = false;
    agent.nextStatus = null;
    agent.activityStatusIndex = null;
    agent.statusIndex = this.statusIndex.Offline;
    agent.statusStartMs = now;
    this.agentEvent(agent, 'LOGIN');
    this.ensureHeartbeat(agent);
    const token = agent.shiftToken;
    this.at(now + prng.int(5, 45) * SECOND_MS + prng.int(0, 999), { kind: 'available', agent, token });
    for (const activity of plan.activities) {
      const statusIndex = this.statusIndex[activity.status];
      this.at(activity.startMs, { kind: 'activityStart', agent, statusIndex, token });
      this.at(activity.endMs, { kind: 'activityEnd', agent, statusIndex, token });
    }
    for (const attemptMs of plan.outboundAttemptsMs) this.at(attemptMs, { kind: 'outbound', agent, token });
    this.at(plan.logoutMs, { kind: 'logoutDue', agent, token });
  }

  private logout(agent: SimAgent, token: number): void {
    if (token !== agent.shiftToken || !agent.loggedIn) return;
    agent.loggedIn = false;
    agent.heartbeatUntilMs = this.nowMs + (agent.shift?.heartbeatsAfterLogoutMs ?? 0);
    agent.shift = null;
    this.refreshAvailability(agent);
    this.agentEvent(agent, 'LOGOUT');
    this.ensureHeartbeat(agent);
  }

  private startActivity(agent: SimAgent, statusIndex: number, token: number): void {
    if (token !== agent.shiftToken || !agent.loggedIn || agent.logoutRequested) return;
    if (agent.statusIndex !== this.statusIndex.Available || agent.nextStatus !== null) return;
    agent.activityStatusIndex = statusIndex;
    this.requestStatus(agent, statusIndex);
  }

  private endActivity(agent: SimAgent, statusIndex: number, token: number): void {
    if (token !== agent.shiftToken || !agent.loggedIn || agent.activityStatusIndex !== statusIndex) return;
    agent.activityStatusIndex = null;
    if (agent.statusIndex === statusIndex) {
      this.setStatus(agent, this.statusIndex.Available);
    } else if (agent.nextStatus?.statusIndex === statusIndex) {
      // Busy for the whole break: the pending status is withdrawn.
      agent.nextStatus = null;
      this.agentEvent(agent, 'STATE_CHANGE');
      this.refreshAvailability(agent);
      this.pickWork(agent);
    }
  }

  /** The agent picks a status: at once when their desk is empty, else as NextAgentStatus (routing pauses). */
  private requestStatus(agent: SimAgent, statusIndex: number): void {
    if (agent.legs.length === 0) {
      this.setStatus(agent, statusIndex);
      return;
    }
    agent.nextStatus = { statusIndex, enqueuedMs: this.nowMs };
    this.agentEvent(agent, 'STATE_CHANGE');
    this.refreshAvailability(agent);
  }

  private setStatus(agent: SimAgent, statusIndex: number): void {
    agent.statusIndex = statusIndex;
    agent.statusStartMs = this.nowMs;
    agent.nextStatus = null;
    this.agentEvent(agent, 'STATE_CHANGE');
    this.refreshAvailability(agent);
    if (statusIndex === this.statusIndex.Offline && agent.logoutRequested) {
      this.at(this.nowMs + this.contactPrng.int(2, 25) * SECOND_MS, { kind: 'logout', agent, token: agent.shiftToken });
    } else if (statusIndex === this.statusIndex.Available) {
      this.pickWork(agent);
    }
  }

  private placeOutboundCall(agent: SimAgent, token: number): void {
    if (token !== agent.shiftToken || !this.isRoutable(agent) || agent.legs.length > 0 || this.nowMs >= this.window.endMs) return;
    const prng = this.contactPrng;
    const now = this.nowMs;
    const contact = this.newContact({
      channel: 'VOICE',
      initiationMethod: 'OUTBOUND',
      initiationMs: now,
      queueIndex: agent.routingProfile.defaultOutboundQueueIndex,
      attributes: {},
      customerPhone: customerPhone(prng.int(0, this.customerPoolSize - 1)),
    });
    contact.agent = agent;
    contact.connectedToAgentMs = now;
    contact.phase = 'CONNECTED';
    const leg: AgentLeg = { contact, agent, state: 'CONNECTING', stateStartMs: now };
    agent.legs.push(leg);
    this.agentEvent(agent, 'STATE_CHANGE');
    this.refreshAvailability(agent);
    const answered = prng.chance(0.72);
    this.at(now + (answered ? prng.int(8, 25) : 30) * SECOND_MS, { kind: 'customerAnswer', leg, answered });
  }

  private isRoutable(agent: SimAgent): boolean {
    return agent.loggedIn && agent.statusIndex === this.statusIndex.Available && agent.nextStatus === null;
  }

  private refreshAvailability(agent: SimAgent): void {
    this.routing.refresh(agent, this.nowMs);
  }

  /** The agent takes waiting contacts while their desk has room (several chats at once). */
  private pickWork(agent: SimAgent): void {
    for (let next = this.routing.takeWorkFor(agent); next !== undefined; next = this.routing.takeWorkFor(agent)) this.offer(agent, next);
  }

  // ---------------------------------------------------------------- agent events

  private agentEvent(agent: SimAgent, eventType: AgentEventType): void {
    const now = this.nowMs;
    // Every change of what a snapshot shows emits an event, so a heartbeat repeats the last snapshot.
    const snapshot = eventType === 'HEART_BEAT' && agent.lastSnapshotJson !== null ? agent.lastSnapshotJson : this.aeBuilder.snapshotJson(agent);
    const previous = eventType === 'LOGIN' || eventType === 'LOGOUT' ? null : agent.lastSnapshotJson;
    const eventId = this.eventIdPrng.uuid();
    if (now >= this.window.startMs && now <= this.window.stopMs) {
      const line = this.aeBuilder.eventJson(agent, eventType, now, eventId, snapshot, previous);
      publishAgentEvent(this.emitter, this.quirkPrng, line, now);
    }
    agent.lastSnapshotJson = snapshot;
    agent.lastEventMs = now;
  }

  private ensureHeartbeat(agent: SimAgent): void {
    if (agent.heartbeatRunning) return;
    agent.heartbeatRunning = true;
    this.at(agent.lastEventMs + HEARTBEAT_INTERVAL_MS, { kind: 'heartbeat', agent });
  }

  /** HEART_BEAT 120 s after the last event while logged in, and for a while after LOGOUT. */
  private heartbeat(agent: SimAgent): void {
    const dueMs = agent.lastEventMs + HEARTBEAT_INTERVAL_MS;
    if (this.nowMs < dueMs) {
      this.at(dueMs, { kind: 'heartbeat', agent });
      return;
    }
    if (!agent.loggedIn && this.nowMs > agent.heartbeatUntilMs) {
      agent.heartbeatRunning = false;
      return;
    }
    this.agentEvent(agent, 'HEART_BEAT');
    this.at(this.nowMs + HEARTBEAT_INTERVAL_MS, { kind: 'heartbeat', agent });
  }
}

/**
 * Runs the demo contact center over a window and hands every record to the sink.
 * Deterministic: the same model and window give the same lines in the same order.
 * @throws the abort signal's reason when aborted.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationStats> {
  const simulation = new ContactCenterSimulation(options.model, options.window, options.sink);
  return simulation.run(options);
}
