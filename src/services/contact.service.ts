import type DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import { assertPageSize, decodeCursor, encodeCursor } from '../domain/cursor';
import { BadUserInputError } from '../domain/errors';
import { pageOf, type Page } from '../domain/paging';
import { validateTimeRange } from '../domain/time-range';
import type { ContactReader } from '../history/readers/contact.reader';
import type { ContactListFilter } from '../history/sql/contacts.sql';
import type { Scope } from '../history/sql/scope';

/** Limits that apply to contact lists. */
export interface ContactListLimits {
  /** Largest `first` accepted. */
  readonly maxPageSize: number;
  /** Longest range one request may read, in days. */
  readonly maxRangeDays: number;
}

/** A page of contacts with Relay page information. */
export type ContactPage = Page<ContactRecord>;

const CURSOR_KIND = 'contact';

/** Per-request orchestration of contact reads: validation, limits, pagination. */
export class ContactService {
  constructor(
    private readonly reader: ContactReader,
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
    const contacts = await this.reader.page(this.scope, {
      range,
      filter,
      first,
      after: position ? { initiationTimestamp: String(position[0]), contactId: String(position[1]) } : undefined,
    });
    const page = pageOf(contacts, first, after, (node) => encodeCursor(CURSOR_KIND, [node.initiationTimestamp.toISOString(), node.contactId]));
    for (const { node } of page.edges) this.loader.prime(node.contactId, node);
    return page;
  }
}
