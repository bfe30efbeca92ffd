import DataLoader from 'dataloader';
import type { ContactRecord } from '../../../src/domain/contact';
import type { ContactLookupKey } from '../../../src/domain/contact-lookup';
import type { ContactKey } from '../../../src/loaders/contact-key';
import type { ContactByIdLoader } from '../../../src/loaders/contact.loader';
import { ContactDetailsService, MAX_TRANSFER_CHAIN_LENGTH } from '../../../src/services/contact-details.service';

/** A contact with only what the chain walk reads. */
function contact(contactId: string, links: { initial?: string; previous?: string; next?: string } = {}): ContactRecord {
  return {
    contactId,
    initialContactId: links.initial ?? null,
    previousContactId: links.previous ?? null,
    nextContactId: links.next ?? null,
    initiationTimestamp: new Date('2026-11-19T10:00:00Z'),
    disconnectTimestamp: new Date('2026-11-19T10:10:00Z'),
  } as ContactRecord;
}

/** The service over in-memory loaders; `chainStore` is what the chain read finds, `byIdStore` what a lookup by id finds. */
function service(chainStore: ContactRecord[], byIdStore: ContactRecord[] = chainStore) {
  const calls = { chain: [] as string[][], byId: [] as string[][], windows: [] as ContactLookupKey['window'][] };
  const lookups = new DataLoader<ContactLookupKey, ContactRecord | null, string>(
    async (keys) => {
      calls.byId.push(keys.map((k) => k.contactId));
      calls.windows.push(...keys.map((k) => k.window));
      return keys.map((k) => byIdStore.find((c) => c.contactId === k.contactId) ?? null);
    },
    { cacheKeyFn: (k) => k.contactId },
  );
  const contactById: ContactByIdLoader = { load: (key) => lookups.load(key), prime: (c) => void lookups.prime({ contactId: c.contactId, window: { from: c.initiationTimestamp, to: c.initiationTimestamp } }, c) };
  const contactChainByInitialContactId = new DataLoader<ContactKey, ContactRecord[], string>(
    async (keys) => {
      calls.chain.push(keys.map((k) => k.contactId));
      return keys.map((k) => chainStore.filter((c) => c.contactId === k.contactId || c.initialContactId === k.contactId));
    },
    { cacheKeyFn: (k) => k.contactId },
  );
  const never = new DataLoader<ContactKey, never, string>(async () => {
    throw new Error('not used');
  });
  const details = new ContactDetailsService({
    contactById,
    contactChainByInitialContactId,
    journeyByContactId: never,
    analysisByContactId: never,
    evaluationsByContactId: never,
  });
  return { details, calls };
}

// a → b → c: an inbound call transferred twice.
const a = contact('a', { next: 'b' });
const b = contact('b', { initial: 'a', previous: 'a', next: 'c' });
const c = contact('c', { initial: 'a', previous: 'b' });

describe('ContactDetailsService.transfersOf', () => {
  it.each([
    ['the initial contact', a],
    ['a middle contact', b],
    ['the last contact', c],
  ])('gives the whole chain in order from %s, with one chain read', async (_name, from) => {
    const { details, calls } = service([c, a, b]);
    expect((await details.transfersOf(from)).map((x) => x.contactId)).toEqual(['a', 'b', 'c']);
    expect(calls.chain).toEqual([['a']]);
    expect(calls.byId).toEqual([]);
  });

  it('is just the contact when it was never transferred', async () => {
    const alone = contact('x');
    const { details } = service([alone]);
    expect(await details.transfersOf(alone)).toEqual([alone]);
  });

  it('looks up by id a link the chain read does not hold (a member outside its days)', async () => {
    const { details, calls } = service([a, b], [a, b, c]);
    expect((await details.transfersOf(b)).map((x) => x.contactId)).toEqual(['a', 'b', 'c']);
    expect(calls.byId).toEqual([['c']]);
    // Never the whole history: the days around the contact (a day before its initiation to a day after its disconnect).
    expect(calls.windows).toEqual([{ from: new Date('2026-11-18T10:00:00Z'), to: new Date('2026-11-20T10:10:00.001Z') }]);
  });

  it('walks back through previousContactId when the initial contact is unknown', async () => {
    const { details } = service([b, c], [b, c]);
    expect((await details.transfersOf(c)).map((x) => x.contactId)).toEqual(['b', 'c']);
  });

  it('stops at a next contact without CTR, and at a loop', async () => {
    const dangling = contact('d', { next: 'not-yet-written' });
    expect((await service([dangling]).details.transfersOf(dangling)).map((x) => x.contactId)).toEqual(['d']);
    const p = contact('p', { next: 'q' });
    const q = contact('q', { initial: 'p', previous: 'p', next: 'p' });
    expect((await service([p, q]).details.transfersOf(q)).map((x) => x.contactId)).toEqual(['p', 'q']);
  });

  it('cuts an endless chain at the maximum length', async () => {
    const many = Array.from({ length: MAX_TRANSFER_CHAIN_LENGTH + 5 }, (_, i) =>
      contact(`n${i}`, { initial: i === 0 ? undefined : 'n0', previous: i === 0 ? undefined : `n${i - 1}`, next: `n${i + 1}` }),
    );
    expect(await service(many).details.transfersOf(many[3])).toHaveLength(MAX_TRANSFER_CHAIN_LENGTH);
  });

  it('batches the chains of many contacts into one read and primes the lookups by id', async () => {
    const { details, calls } = service([a, b, c]);
    await Promise.all([details.transfersOf(a), details.transfersOf(c)]);
    expect(calls.chain).toEqual([['a']]);
  });
});
