import type { ContactRecord } from '../domain/contact';
import {
  contactLookupWindow,
  contactNotFoundMessage,
  DEFAULT_CONTACT_LOOKUP_MAX_DAYS,
  evaluatedContactWindow,
  nearContactWindow,
  recentDaysWindow,
  type ContactLookupHint,
} from '../domain/contact-lookup';
import { assertPageSize, decodeCursor, encodeCursor } from '../domain/cursor';
import { BadUserInputError, NotFoundError } from '../domain/errors';
import type { EvaluationRecord } from '../domain/evaluation';
import { pageOf, type Page } from '../domain/paging';
import { validateTimeRange } from '../domain/time-range';
import type { ContactReader } from '../history/readers/contact.reader';
import type { ContactByIdLoader } from '../loaders/contact.loader';
import type { ContactListFilter } from '../history/sql/contacts.sql';
import type { Scope } from '../history/sql/scope';

/** Limits that apply to contact lists. */
export interface ContactListLimits {
  /** Largest `first` accepted. */
  readonly maxPageSize: number;
  /** Longest range one request may read, in days; also the longest `initiatedAfter`/`initiatedBefore` hint of a lookup. */
  readonly maxRangeDays: number;
  /** UTC days (ending today) a lookup by contact id without a hint reads (`CONTACT_LOOKUP_MAX_DAYS`); @default 7. */
  readonly contactLookupMaxDays?: number;
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
    private readonly loader: ContactByIdLoader,
    /** The clock that places lookups without a hint; @default the wall clock. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get lookupMaxDays(): number {
    return this.limits.contactLookupMaxDays ?? DEFAULT_CONTACT_LOOKUP_MAX_DAYS;
  }

  /**
   * The contact with this id (latest delivery), searched only in the days the hint gives, or without
   * a hint in the last `contactLookupMaxDays` UTC days (see `contactLookupWindow`): never the whole
   * history.
   * @throws BadUserInputError for an empty id or a malformed hint.
   * @throws RangeTooLargeError when the hinted range exceeds `maxRangeDays`.
   * @throws NotFoundError when those days hold no such contact in the caller's instances, saying how to widen the search.
   */
  async getContact(contactId: string, hint: ContactLookupHint = {}): Promise<ContactRecord> {
    if (contactId.trim() === '') throw new BadUserInputError("'contactId' must not be empty.", 'contactId');
    const limits = { contactLookupMaxDays: this.lookupMaxDays, maxRangeDays: this.limits.maxRangeDays };
    const lookup = contactLookupWindow(hint, limits, this.now());
    const contact = await this.loader.load({ contactId, window: lookup.window });
    if (!contact) throw new NotFoundError(contactNotFoundMessage(lookup, limits));
    return contact;
  }

  /**
   * A contact of `contact`'s transfer chain by id (its previous, next or initial contact), searched in
   * the days around `contact` (chain members start while it is in progress); null when not there.
   */
  linkedContact(contact: ContactRecord, contactId: string): Promise<ContactRecord | null> {
    return this.loader.load({ contactId, window: nearContactWindow(contact) });
  }

  /** The contact an evaluation evaluates, searched in the 30 days before the evaluation; null when not there. */
  evaluatedContact(evaluation: Pick<EvaluationRecord, 'contactId' | 'startedAt' | 'submittedAt'>): Promise<ContactRecord | null> {
    return this.loader.load({ contactId: evaluation.contactId, window: evaluatedContactWindow(evaluation) });
  }

  /**
   * The CTR of a contact an agent holds (live state), searched in the `contactLookupMaxDays` UTC days
   * ending on the day it entered its current state (`since`: it was initiated before that); null
   * until Connect delivers one.
   */
  liveContact(contact: { readonly contactId: string; readonly since: Date }): Promise<ContactRecord | null> {
    return this.loader.load({ contactId: contact.contactId, window: recentDaysWindow(contact.since, this.lookupMaxDays) });
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
    for (const { node } of page.edges) this.loader.prime(node);
    return page;
  }
}
