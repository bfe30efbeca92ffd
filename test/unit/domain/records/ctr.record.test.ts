import { CHANNELS, CTR_TOP_LEVEL_KEYS, INITIATION_METHODS, RecordError, latestCtrPerContact, parseCtr, type CtrRecord } from '../../../../src/domain/records';
import { fixtureFiles, fixtureJson, fixtureText } from './published-fixtures';

describe('parseCtr reads the published contact trace records', () => {
  it('reads the real 2022 CTR, whose 31 top-level keys are exactly the Glue columns', () => {
    const json = fixtureJson('real/ctr-voice-inbound-transfer-kyopark2014-sample.json') as Record<string, unknown>;
    const ctr = parseCtr(json);
    expect(Object.keys(json).sort()).toEqual([...CTR_TOP_LEVEL_KEYS].sort());
    expect(ctr.Agent?.Username).toBe('Steve.Lusk');
    expect(ctr.Agent?.HierarchyGroups?.Level3).toBeNull();
    expect(ctr.Queue?.Duration).toBe(346);
    expect(ctr.TransferredToEndpoint?.Address).toBe('+18004449999');
  });

  it('reads every delivery of the real duplicated contact and keeps the latest update per ContactId', () => {
    const deliveries = (fixtureJson('real/ctr-duplicate-deliveries-same-contact-kyopark2014.json') as unknown[]).map(parseCtr);
    expect(deliveries).toHaveLength(6);
    const latest = latestCtrPerContact(deliveries);
    expect(latest.size).toBe(1);
    const kept = latest.get('6fe40d2a-1a89-4d73-bfcf-5d9c33894f47') as CtrRecord;
    expect(kept.LastUpdateTimestamp).toBe(
      deliveries.map((d) => d.LastUpdateTimestamp).sort().at(-1),
    );
    // The latest copies carry attribute keys that collide once lower-cased.
    expect(Object.keys(kept.Attributes)).toEqual(expect.arrayContaining(['greetingPlayed', 'GreetingPlayed']));
  });

  it('keeps the first of equal LastUpdateTimestamps and never uses file order', () => {
    const base = parseCtr(fixtureJson('real/ctr-voice-inbound-transfer-kyopark2014-sample.json'));
    const newer = { ...base, LastUpdateTimestamp: '2022-01-06T00:00:00Z', Attributes: { v: 'newer' } };
    const older = { ...base, Attributes: { v: 'older' } };
    expect(latestCtrPerContact([newer, older]).get(base.ContactId)?.Attributes).toEqual({ v: 'newer' });
    expect(latestCtrPerContact([older, { ...older, Attributes: { v: 'again' } }]).get(base.ContactId)?.Attributes).toEqual({ v: 'older' });
  });

  it('reads the blog example (seed 002) in its valid form', () => {
    const ctr = parseCtr(fixtureJson('seed-examples/ctr-blog-example.json'));
    expect(ctr.Agent?.HierarchyGroups).toBeNull();
    expect(ctr.Attributes.customerName).toBe('Donna');
  });

  it.each(fixtureFiles('seed-examples', /^ctr-.*\.as-published\.txt$/))('documents that %s is not valid JSON as published', (file) => {
    expect(() => JSON.parse(fixtureText(file))).toThrow(SyntaxError);
  });

  it('rejects millisecond timestamps and missing keys with a typed error naming the path', () => {
    const json = fixtureJson('real/ctr-voice-inbound-transfer-kyopark2014-sample.json') as Record<string, unknown>;
    const withMillis = { ...json, InitiationTimestamp: '2022-01-05T17:12:59.123Z' };
    expect(() => parseCtr(withMillis)).toThrow(RecordError);
    try {
      parseCtr({ ...json, ContactId: undefined });
      throw new Error('expected a RecordError');
    } catch (error) {
      expect(error).toBeInstanceOf(RecordError);
      expect((error as RecordError).code).toBe('INVALID_RECORD');
      expect((error as RecordError).issues.map((issue) => issue.path)).toContain('ContactId');
    }
  });

  // Reference connect-schemas.md §7 quirk 12: Channel and InitiationMethod grow (EMAIL, WEBRTC_API,
  // AGENT_REPLY … are newer than the 2022 CTR fixture); unknown values are kept, never rejected.
  it('accepts documented and unknown channels, initiation methods and disconnect reasons, and keeps them as sent', () => {
    const json = fixtureJson('real/ctr-voice-inbound-transfer-kyopark2014-sample.json') as Record<string, unknown>;
    expect(json).toMatchObject({ Channel: 'VOICE', InitiationMethod: 'INBOUND', DisconnectReason: 'CUSTOMER_DISCONNECT' });
    for (const channel of [...CHANNELS, 'VIDEO']) expect(parseCtr({ ...json, Channel: channel }).Channel).toBe(channel);
    for (const method of [...INITIATION_METHODS, 'SOMETHING_NEW']) expect(parseCtr({ ...json, InitiationMethod: method }).InitiationMethod).toBe(method);
    expect(parseCtr({ ...json, DisconnectReason: 'BARGED' }).DisconnectReason).toBe('BARGED');
    // Quirk 9: casing is data too (a contact-event sample spells the channel "Voice").
    expect(parseCtr({ ...json, Channel: 'Voice' }).Channel).toBe('Voice');
    expect(() => parseCtr({ ...json, Channel: 7 })).toThrow(RecordError);
  });
});
