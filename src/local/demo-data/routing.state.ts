import { MODEL_CHANNELS, type ContactCenterModel, type ModelChannel, type RoutingProfileQueueModel } from './contact-center.model';
import type { SimAgent, SimContact } from './simulation.types';

/** Index of a channel in per-channel arrays. */
export const CHANNEL_INDEX: Readonly<Record<ModelChannel, number>> = { VOICE: 0, CHAT: 1, TASK: 2 };

/** A FIFO of waiting contacts with lazy removal (abandoned or offered contacts are skipped at the head). */
export class ContactDeque {
  private items: SimContact[] = [];
  private head = 0;

  push(contact: SimContact): void {
    this.items.push(contact);
  }

  /** The oldest contact still waiting, without removing it. */
  peek(): SimContact | undefined {
    while (this.head < this.items.length) {
      const contact = this.items[this.head] as SimContact;
      if (contact.phase === 'WAITING') return contact;
      this.head++;
    }
    if (this.head > 0) {
      this.items = [];
      this.head = 0;
    }
    return undefined;
  }

  /** Removes the head (call after {@link peek} returned it). */
  shift(): void {
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Who can take what, and what waits: the queues (one FIFO per queue and channel) and, per routing
 * profile and channel, the set of agents able to take a contact now in the order they became able
 * (so the first is the longest idle, as Connect routes). Voice and tasks need an empty desk; chats
 * share the desk only with chats, up to the profile's slots.
 */
export class RoutingState {
  /** `waiting[queueIndex][channelIndex]`. */
  private readonly waiting: ContactDeque[][];
  /** `available[routingProfileIndex][channelIndex]`. */
  private readonly available: Set<SimAgent>[][];
  /** `servingProfiles[queueIndex][channelIndex]`: routing profiles that take that queue and channel. */
  private readonly servingProfiles: number[][][];
  /** Per routing profile: its queues grouped by priority, best first. */
  private readonly priorityLevels: RoutingProfileQueueModel[][][];

  /** @param isRoutable whether an agent's status lets contacts be routed to them (Available, no pending status). */
  constructor(
    model: ContactCenterModel,
    private readonly isRoutable: (agent: SimAgent) => boolean,
  ) {
    this.waiting = model.queues.map(() => MODEL_CHANNELS.map(() => new ContactDeque()));
    this.available = model.routingProfiles.map(() => MODEL_CHANNELS.map(() => new Set<SimAgent>()));
    this.servingProfiles = model.queues.map((queue) =>
      MODEL_CHANNELS.map((channel) =>
        model.routingProfiles
          .filter((profile) => profile.queues.some((entry) => entry.queueIndex === queue.index && entry.channels.includes(channel)))
          .map((profile) => profile.index),
      ),
    );
    this.priorityLevels = model.routingProfiles.map((profile) => {
      const priorities = [...new Set(profile.queues.map((entry) => entry.priority))].sort((a, b) => a - b);
      return priorities.map((priority) => profile.queues.filter((entry) => entry.priority === priority));
    });
  }

  /** Whether the agent's desk has room for a contact of this channel. */
  canTake(agent: SimAgent, channel: ModelChannel): boolean {
    const slots = agent.routingProfile.concurrency.find((entry) => entry.channel === channel)?.maximumSlots ?? 0;
    if (slots === 0) return false;
    if (channel !== 'CHAT') return agent.legs.length === 0;
    if (agent.legs.length >= slots) return false;
    for (const leg of agent.legs) if (leg.contact.channel !== 'CHAT') return false;
    return true;
  }

  /** Updates the agent's membership in the available sets after a change of status or desk. */
  refresh(agent: SimAgent, nowMs: number): void {
    const routable = this.isRoutable(agent);
    const sets = this.available[agent.routingProfile.index] as Set<SimAgent>[];
    for (const channel of MODEL_CHANNELS) {
      const channelIndex = CHANNEL_INDEX[channel];
      const can = routable && this.canTake(agent, channel);
      if (can && !agent.inAvailableSet[channelIndex]) {
        (sets[channelIndex] as Set<SimAgent>).add(agent);
        agent.inAvailableSet[channelIndex] = true;
        agent.availableSinceMs[channelIndex] = nowMs;
      } else if (!can && agent.inAvailableSet[channelIndex]) {
        (sets[channelIndex] as Set<SimAgent>).delete(agent);
        agent.inAvailableSet[channelIndex] = false;
      }
    }
  }

  /** The longest-idle agent who can take this contact now, over all routing profiles serving its queue. */
  agentFor(contact: SimContact): SimAgent | undefined {
    const channelIndex = CHANNEL_INDEX[contact.channel];
    let best: SimAgent | undefined;
    for (const profileIndex of this.servingProfiles[contact.queueIndex as number]?.[channelIndex] ?? []) {
      const first = (this.available[profileIndex]?.[channelIndex] as Set<SimAgent>).values().next();
      if (first.done === true) continue;
      const candidate = first.value;
      if (best === undefined || (candidate.availableSinceMs[channelIndex] as number) < (best.availableSinceMs[channelIndex] as number)) best = candidate;
    }
    return best;
  }

  /** Puts a contact at the back of its queue. */
  wait(contact: SimContact): void {
    this.waiting[contact.queueIndex as number]?.[CHANNEL_INDEX[contact.channel]]?.push(contact);
  }

  /**
   * Removes and returns the contact the agent takes next: the oldest waiting contact of the agent's
   * best-priority queues among the channels their desk has room for; undefined if none.
   */
  takeWorkFor(agent: SimAgent): SimContact | undefined {
    if (!this.isRoutable(agent)) return undefined;
    for (const level of this.priorityLevels[agent.routingProfile.index] ?? []) {
      let best: SimContact | undefined;
      let bestDeque: ContactDeque | undefined;
      for (const entry of level) {
        for (const channel of entry.channels) {
          if (!this.canTake(agent, channel)) continue;
          const deque = this.waiting[entry.queueIndex]?.[CHANNEL_INDEX[channel]] as ContactDeque;
          const head = deque.peek();
          if (head !== undefined && (best === undefined || (head.enqueueMs as number) < (best.enqueueMs as number))) {
            best = head;
            bestDeque = deque;
          }
        }
      }
      if (best !== undefined && bestDeque !== undefined) {
        bestDeque.shift();
        return best;
      }
    }
    return undefined;
  }
}
