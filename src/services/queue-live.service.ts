import { DEFAULT_LIVE_QUEUE_MAX_AGE_SECONDS, EMPTY_QUEUE_CONTACT_COUNTS, countQueueContacts, instanceArnOfQueueArn, type LiveContact, type QueueContactCounts } from '../domain/queue-live';
import { ALL_INSTANCES, scopeIncludes, type InstanceScope } from '../domain/principal';
import type { RequestStats } from '../domain/request-stats';
import type { LiveContactReader } from '../state/queue-live.repository';

/** Options of {@link QueueLiveService}. */
export interface QueueLiveOptions {
  /** `LIVE_QUEUE_MAX_AGE_SECONDS`. @default 4 h */
  readonly maxAgeSeconds?: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
}

/**
 * Per-request reads of live queue contact counts (contact events). The live contacts of an instance
 * are read once per request (one Query of its partition) and shared by every queue of that instance;
 * a queue of an instance outside the principal's scope (or an ARN that names no instance) reads
 * nothing and counts zero. Without a reader (a server with no live contact store) every queue counts zero.
 */
export class QueueLiveService {
  private readonly byInstance = new Map<string, Promise<LiveContact[]>>();

  constructor(
    private readonly reader: LiveContactReader | undefined,
    private readonly stats: RequestStats,
    private readonly scope: InstanceScope = ALL_INSTANCES,
    private readonly options: QueueLiveOptions = {},
  ) {}

  /** Forgets the contacts read, so the next read asks the store again (each subscription push starts with this). */
  clearCache(): void {
    this.byInstance.clear();
  }

  /** The contact counts of a queue (by queue ARN), as of now. */
  async counts(queueArn: string): Promise<QueueContactCounts & { readonly nowMs: number }> {
    const nowMs = (this.options.now ?? Date.now)();
    const instanceArn = instanceArnOfQueueArn(queueArn);
    if (this.reader === undefined || instanceArn === undefined || !scopeIncludes(this.scope, instanceArn)) return { ...EMPTY_QUEUE_CONTACT_COUNTS, nowMs };
    const reader = this.reader;
    let contacts = this.byInstance.get(instanceArn);
    if (contacts === undefined) {
      contacts = reader.listLiveContacts(instanceArn, { onRequest: (_operation, items) => this.stats.recordCall('dynamodb', { rows: items }) });
      this.byInstance.set(instanceArn, contacts);
    }
    return { ...countQueueContacts(await contacts, queueArn, nowMs, this.options.maxAgeSeconds ?? DEFAULT_LIVE_QUEUE_MAX_AGE_SECONDS), nowMs };
  }
}
