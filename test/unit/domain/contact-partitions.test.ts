import { partitionsOfContacts, rangeOfPartitions } from '../../../src/domain/contact-partitions';
import { PARTITION_MARGINS } from '../../../src/domain/partition-planner';

const day = (y: number, m: number, d: number) => ({ year: y, month: m, day: d });
const at = (iso: string) => new Date(iso);

describe('partitionsOfContacts', () => {
  it('reads the initiation day and, for Contact Lens, the next day (a call answered after midnight is recorded there)', () => {
    const contact = { initiationTimestamp: at('2026-11-19T23:55:07Z'), disconnectTimestamp: at('2026-11-20T00:31:00Z') };
    expect(partitionsOfContacts([contact], PARTITION_MARGINS.contactLensOfContacts)).toEqual([day(2026, 11, 19), day(2026, 11, 20), day(2026, 11, 21)]);
  });

  it('covers a contact from initiation to disconnect, plus the margin', () => {
    const contact = { initiationTimestamp: at('2026-11-19T10:00:00Z'), disconnectTimestamp: at('2026-11-21T10:00:00Z') };
    expect(partitionsOfContacts([contact], PARTITION_MARGINS.flowLogsOfContacts)).toEqual([day(2026, 11, 19), day(2026, 11, 20), day(2026, 11, 21), day(2026, 11, 22)]);
  });

  it('looks 30 days ahead for evaluations', () => {
    const days = partitionsOfContacts([{ initiationTimestamp: at('2026-11-19T10:00:00Z') }], PARTITION_MARGINS.evaluationsOfContacts)!;
    expect(days[0]).toEqual(day(2026, 11, 19));
    expect(days.at(-1)).toEqual(day(2026, 12, 19));
    expect(days).toHaveLength(31);
  });

  it('reads the day of a contact initiated exactly at midnight, even without a margin', () => {
    expect(partitionsOfContacts([{ initiationTimestamp: at('2026-11-20T00:00:00Z') }], PARTITION_MARGINS.evaluationsBySubmission)).toEqual([day(2026, 11, 20)]);
  });

  it('unions the windows of a batch, each day once, in day order', () => {
    const days = partitionsOfContacts(
      [{ initiationTimestamp: at('2026-12-31T12:00:00Z') }, { initiationTimestamp: at('2026-11-30T12:00:00Z') }, { initiationTimestamp: at('2026-12-31T13:00:00Z') }],
      PARTITION_MARGINS.contactLensOfContacts,
    );
    expect(days).toEqual([day(2026, 11, 30), day(2026, 12, 1), day(2026, 12, 31), day(2027, 1, 1)]);
  });

  it('ignores a disconnect before the initiation', () => {
    const contact = { initiationTimestamp: at('2026-11-19T10:00:00Z'), disconnectTimestamp: at('2026-11-01T10:00:00Z') };
    expect(partitionsOfContacts([contact], PARTITION_MARGINS.contactsByInitiation)).toEqual([day(2026, 11, 19)]);
  });

  it('never widens a batch to every partition: a contact with an invalid initiation time adds no day', () => {
    expect(partitionsOfContacts([{ initiationTimestamp: at('2026-11-19T10:00:00Z') }, { initiationTimestamp: new Date('nope') }], PARTITION_MARGINS.contactsByInitiation)).toEqual([day(2026, 11, 19)]);
    expect(partitionsOfContacts([{ initiationTimestamp: new Date('nope') }], PARTITION_MARGINS.contactLensOfContacts)).toEqual([]);
  });
});

describe('rangeOfPartitions', () => {
  it('spans from the first day\'s midnight to the midnight after the last day', () => {
    expect(rangeOfPartitions([day(2026, 11, 19), day(2026, 12, 31)])).toEqual({ from: at('2026-11-19T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
    expect(rangeOfPartitions([])).toBeUndefined();
  });
});
