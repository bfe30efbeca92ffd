import type DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import { assertPageSize, decodeCursor, encodeCursor } from '../domain/cursor';
import { BadUserInputError } from '../domain/errors';
import type { RequestStats } from '../domain/request-stats';
import { PARTITION_MARGINS, planPartitions } from '../domain/partition-planner';
import { validateTimeRange } from '../domain/time-range';
import type { QueryEngine } from '../history/query-engine';
import { contactPageQuery, type ContactListFilter, type ContactRow } from '../history/sql/contacts.sql';
import type { Scope } from '../history/sql/scope';
import { toContactRecord } from './contact-row.mapper';
import { runHistoryQuery } from './history-runner';

/** Limits that apply to contact lists. */
export interface ContactListLimits {
  /** Largest `first` accepted. */
  readonly maxPageSize: number;
  /** Longest range one request may read, in days. */
  readonly maxRangeDays: number;
}

/** A page of contacts with Relay page information. */
export interface ContactPage {
  edges: { cursor: string; node: ContactRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const CURSOR_KIND = 'contact';

/** Per-request orchestration of contact reads: validation, limits, pagination. */
export class ContactService {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
    private readonly scope: Scope,
    private readonly limits: ContactListLimits,
    private readonly loader: DataLoader<string, ContactRecord | null>,
  ) {}

  /** The contact with this id (latest delivery), or null when there is none. */
  async getContact(contactId: string): Promise<ContactRecord | null> {
    if (contactId.trim() === '') throw new BadUserInputError("'contactId' must not be empty.", 'contactId');
    return this.loader.load(contactId);
  }

  /**
   * One page of contacts initiated in [from, to).
   * @throws BadUserInputError for a bad range, `first` out of bounds or a foreign cursor.
   * @throws RangeTooLargeError when the range exceeds the configured maximum.
   */
  async listContacts(filter: ContactListFilter, first: number, after?: string | null): Promise<ContactPage> {
    assertPageSize(first, this.limits.maxPageSize);
    const range = validateTimeRange(filter, this.limits.maxRangeDays);
    const position = after ? decodeCursor(CURSOR_KIND, after, ['instant', 'string']) : undefined;
    const query = contactPageQuery({
      dialect: this.engine.dialect,
      scope: this.scope,
      partitions: planPartitions(range, PARTITION_MARGINS.contactsByInitiation),
      analysisPartitions: planPartitions(range, PARTITION_MARGINS.contactLensOfContacts),
      filter: { ...filter, from: range.from, to: range.to },
      limit: first + 1,
      after: position ? { initiationTimestamp: String(position[0]), contactId: String(position[1]) } : undefined,
    });
    const { rows } = await runHistoryQuery<ContactRow>(this.engine, this.stats, query);
    const page = rows.slice(0, first).map(toContactRecord);
    for (const contact of page) this.loader.prime(contact.contactId, contact);
    const edges = page.map((node) => ({
      cursor: encodeCursor(CURSOR_KIND, [node.initiationTimestamp.toISOString(), node.contactId]),
      node,
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
