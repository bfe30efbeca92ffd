import {
  CTR_TOP_LEVEL_KEYS,
  latestCtrPerContact,
  parseAgentEvent,
  parseContactFlowLogRow,
  parseContactLensRow,
  parseCtr,
  parseEvaluationRow,
  type AgentEventRecord,
  type ContactFlowLogRow,
  type ContactLensRow,
  type CtrRecord,
  type EvaluationRow,
} from '../../../../src/domain/records';
import { dayOf, simulate, type SimulatedData } from './memory-sink';

/** The DTMF menu of the sample's SimpleInboundFlow. */
const MENU: Record<string, string> = { '1': 'RecentPurchase', '2': 'RepeatOrder', '3': 'NewOrder' };

describe('simulated demo data (2 days × 8 agents): invariants', () => {
  let data: SimulatedData;
  let ctrs: { dayNumber: number; record: CtrRecord; line: string }[];
  let events: { dayNumber: number; record: AgentEventRecord; line: string }[];
  let flowLogs: ContactFlowLogRow[];
  let lensRows: { dayNumber: number; record: ContactLensRow }[];
  let evaluations: { dayNumber: number; record: EvaluationRow }[];
  let latest: Map<string, CtrRecord>;

  beforeAll(async () => {
    data = await simulate({ seed: 'invariants', agents: 8, days: 2, start: '2024-03-04' });
    const { lines } = data.sink;
    // Every record goes through the same readers as the real published records.
    ctrs = lines.ctr.map(({ dayNumber, line }) => ({ dayNumber, line, record: parseCtr(JSON.parse(line)) }));
    events = lines.ae.map(({ dayNumber, line }) => ({ dayNumber, line, record: parseAgentEvent(JSON.parse(line)) }));
    flowLogs = lines.cfl.map(({ line }) => parseContactFlowLogRow(JSON.parse(line)));
    lensRows = lines.cl.map(({ dayNumber, line }) => ({ dayNumber, record: parseContactLensRow(JSON.parse(line)) }));
    evaluations = lines.ef.map(({ dayNumber, line }) => ({ dayNumber, record: parseEvaluationRow(JSON.parse(line)) }));
    latest = latestCtrPerContact(ctrs.map((entry) => entry.record));
  });

  it('produces every source, and counts what it wrote', () => {
    for (const source of ['ctr', 'ae', 'cfl', 'cl', 'ef'] as const) {
      expect(data.sink.lines[source].length).toBeGreaterThan(0);
      expect(data.stats.counts[source]).toBe(data.sink.lines[source].length);
    }
    expect(data.stats.contacts).toBe(latest.size);
  });

  it('writes CTRs with exactly the 31 keys of the 2022 format, partitioned by InitiationTimestamp', () => {
    for (const { line, record, dayNumber } of ctrs) {
      expect(Object.keys(JSON.parse(line) as object)).toEqual([...CTR_TOP_LEVEL_KEYS]);
      expect(dayNumber).toBe(dayOf(record.InitiationTimestamp));
    }
  });

  it('simulates every channel and initiation method', () => {
    const kinds = new Set([...latest.values()].map((ctr) => `${ctr.Channel}/${ctr.InitiationMethod}`));
    // WEBRTC_API (in-app and web calls) is newer than the Data Analytics Sample: the demo data carries it (quirk 12).
    expect([...kinds].sort()).toEqual(['CHAT/API', 'TASK/API', 'VOICE/CALLBACK', 'VOICE/INBOUND', 'VOICE/OUTBOUND', 'VOICE/TRANSFER', 'VOICE/WEBRTC_API']);
  });

  it('places a small share of inbound calls from the web (WEBRTC_API): no calling number, shown as such to agents', () => {
    const voiceIn = [...latest.values()].filter((ctr) => ctr.Channel === 'VOICE' && (ctr.InitiationMethod === 'INBOUND' || ctr.InitiationMethod === 'WEBRTC_API'));
    const webrtc = voiceIn.filter((ctr) => ctr.InitiationMethod === 'WEBRTC_API');
    expect(webrtc.length / voiceIn.length).toBeGreaterThan(0.02);
    expect(webrtc.length / voiceIn.length).toBeLessThan(0.1);
    for (const ctr of webrtc) {
      expect(ctr.CustomerEndpoint).toBeNull();
      // A transfer continues the web call (no number either); a callback dials the number the caller gave.
      const next = ctr.NextContactId === null ? undefined : latest.get(ctr.NextContactId);
      if (next?.InitiationMethod === 'TRANSFER') expect(next.CustomerEndpoint).toBeNull();
      if (next?.InitiationMethod === 'CALLBACK') expect(next.CustomerEndpoint?.Type).toBe('TELEPHONE_NUMBER');
    }
    const webrtcIds = new Set(webrtc.filter((ctr) => ctr.Agent !== null).map((ctr) => ctr.ContactId));
    const seenByAgents = new Set(
      events.flatMap(({ record }) => record.CurrentAgentSnapshot.Contacts.filter((c) => c.InitiationMethod === 'WEBRTC_API').map((c) => c.ContactId)),
    );
    expect(webrtcIds.size).toBeGreaterThan(0);
    for (const id of webrtcIds) expect(seenByAgents.has(id)).toBe(true);
  });

  it('has every agent of a CTR in the agent events', () => {
    const usernames = new Set(events.map(({ record }) => record.CurrentAgentSnapshot.Configuration.Username));
    const arns = new Set(events.map(({ record }) => record.AgentARN));
    const handled = [...latest.values()].filter((ctr) => ctr.Agent !== null);
    expect(handled.length).toBeGreaterThan(100);
    for (const ctr of handled) {
      expect(usernames).toContain(ctr.Agent?.Username);
      expect(arns).toContain(ctr.Agent?.ARN);
    }
  });

  it('has a CTR for the contact of every Contact Lens and evaluation row', () => {
    for (const { record } of lensRows) expect(latest.has(record.contactId)).toBe(true);
    for (const { record } of evaluations) expect(latest.has(record.contactId)).toBe(true);
  });

  it('keeps transfer and callback chains consistent both ways', () => {
    let links = 0;
    for (const ctr of latest.values()) {
      if (ctr.NextContactId !== null) {
        links++;
        const next = latest.get(ctr.NextContactId);
        expect(next?.PreviousContactId).toBe(ctr.ContactId);
        expect(next?.InitialContactId).toBe(ctr.InitialContactId ?? ctr.ContactId);
        expect(['TRANSFER', 'CALLBACK']).toContain(next?.InitiationMethod);
      }
      if (ctr.PreviousContactId !== null) expect(latest.get(ctr.PreviousContactId)?.NextContactId).toBe(ctr.ContactId);
      if (ctr.InitiationMethod === 'TRANSFER' || ctr.InitiationMethod === 'CALLBACK') expect(ctr.PreviousContactId).not.toBeNull();
    }
    expect(links).toBeGreaterThan(0);
  });

  it('gives abandoned contacts a queue with enqueue and dequeue times, and Agent null', () => {
    const abandoned = [...latest.values()].filter((ctr) => ctr.Queue?.EnqueueTimestamp !== null && ctr.Queue !== null && ctr.Agent === null);
    expect(abandoned.length).toBeGreaterThan(0);
    for (const ctr of abandoned) {
      expect(ctr.Queue?.DequeueTimestamp).not.toBeNull();
      expect(ctr.Queue?.Duration).toBeGreaterThanOrEqual(0);
      expect(ctr.Recording).toBeNull();
      expect(ctr.DisconnectTimestamp).not.toBeNull();
    }
    const line = ctrs.find(({ record }) => record.ContactId === abandoned[0]?.ContactId)?.line ?? '';
    expect(line).toContain('"Agent":null');
  });

  it('accounts connected time as interaction plus hold, like real CTRs', () => {
    for (const ctr of latest.values()) {
      const agent = ctr.Agent;
      if (agent === null || agent.ConnectedToAgentTimestamp === null || agent.AfterContactWorkStartTimestamp === null) continue;
      const connected = (Date.parse(agent.AfterContactWorkStartTimestamp) - Date.parse(agent.ConnectedToAgentTimestamp)) / 1000;
      expect(agent.AgentInteractionDuration + agent.CustomerHoldDuration).toBe(connected);
      expect(agent.LongestHoldDuration).toBeLessThanOrEqual(agent.CustomerHoldDuration);
      expect(agent.HierarchyGroups?.Level3).not.toBeNull();
      expect(agent.HierarchyGroups?.Level4).toBeNull();
    }
  });

  it('sets CallReason from the DTMF menu exactly as the sample flow does', () => {
    const byContact = new Map<string, ContactFlowLogRow['message'][]>();
    for (const row of flowLogs) byContact.set(row.message.ContactId, [...(byContact.get(row.message.ContactId) ?? []), row.message]);
    const inbound = [...latest.values()].filter((ctr) => ctr.InitiationMethod === 'INBOUND' && ctr.Attributes.CallReason !== undefined);
    expect(inbound.length).toBeGreaterThan(100);
    for (const ctr of inbound) {
      const messages = byContact.get(ctr.ContactId) ?? [];
      const menu = messages.find((message) => message.ContactFlowModuleType === 'GetUserInput' && message.ContactFlowName === 'SimpleInboundFlow');
      const set = messages.find((message) => message.ContactFlowModuleType === 'SetAttributes' && message.Parameters?.Key === 'CallReason');
      expect(set?.Parameters?.Value).toBe(ctr.Attributes.CallReason);
      expect(MENU[menu?.Results ?? ''] ?? 'NoSelection').toBe(ctr.Attributes.CallReason);
      expect(['RecentPurchase', 'RepeatOrder', 'NewOrder', 'NoSelection']).toContain(ctr.Attributes.CallReason);
    }
  });

  it('partitions flow logs by arrival time, not by flow time', () => {
    for (const { dayNumber, line } of data.sink.lines.cfl) {
      const row = JSON.parse(line) as ContactFlowLogRow;
      expect(dayNumber).toBe(dayOf(row.timestamp));
      expect(Date.parse(row.timestamp)).toBeGreaterThanOrEqual(Date.parse(row.message.Timestamp));
    }
  });

  it('partitions Contact Lens rows by recording minute and evaluations by submit time, days after the contact', () => {
    for (const { dayNumber, record } of lensRows) {
      expect(dayNumber).toBe(dayOf(record.recordingTimestamp));
      expect(dayNumber).toBeGreaterThanOrEqual(dayOf((latest.get(record.contactId) as CtrRecord).InitiationTimestamp));
      expect(record.overallSentimentCustomer).toBeGreaterThanOrEqual(-5);
    }
    expect(lensRows.some(({ record }) => record.matchedCategories.includes('customer-loyalty-risk'))).toBe(true);
    for (const { dayNumber, record } of evaluations) {
      expect(dayNumber).toBe(dayOf(record.evaluationSubmitTimestamp));
      expect(dayNumber).toBeGreaterThan(dayOf((latest.get(record.contactId) as CtrRecord).InitiationTimestamp));
    }
  });

  it('delivers about 3 % of CTRs again: byte-identical copies and later updates whose latest version must win', () => {
    const linesByContact = new Map<string, string[]>();
    for (const { record, line } of ctrs) linesByContact.set(record.ContactId, [...(linesByContact.get(record.ContactId) ?? []), line]);
    const redelivered = [...linesByContact.values()].filter((lines) => lines.length > 1);
    expect(redelivered.length / latest.size).toBeGreaterThan(0.01);
    expect(redelivered.length / latest.size).toBeLessThan(0.06);
    expect(redelivered.some((lines) => new Set(lines).size === 1)).toBe(true);
    const updated = redelivered.filter((lines) => new Set(lines).size > 1);
    expect(updated.length).toBeGreaterThan(0);
    let lastInFileIsStale = 0;
    for (const lines of updated) {
      const versions = lines.map((line) => JSON.parse(line) as CtrRecord);
      const newest = latest.get(versions[0]?.ContactId as string) as CtrRecord;
      expect(newest.LastUpdateTimestamp > (versions[0] as CtrRecord).LastUpdateTimestamp).toBe(true);
      expect(newest.Attributes.disposition).toBeDefined();
      if ((versions.at(-1) as CtrRecord).LastUpdateTimestamp < newest.LastUpdateTimestamp) lastInFileIsStale++;
    }
    // File order is not update order: some contacts' last delivery is a stale copy.
    expect(lastInFileIsStale).toBeGreaterThan(0);
  });

  it('uses attribute keys in mixed case', () => {
    const keys = new Set([...latest.values()].flatMap((ctr) => Object.keys(ctr.Attributes)));
    expect(keys).toContain('CallReason');
    expect(keys).toContain('customerTier');
    expect(keys).toContain('CustomerTier');
  });

  it('duplicates some agent events and delivers some out of order', () => {
    const ids = events.map(({ record }) => record.EventId);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    let outOfOrder = 0;
    const lastSeen = new Map<string, string>();
    for (const { record } of events) {
      const previous = lastSeen.get(record.AgentARN);
      if (previous !== undefined && record.EventTimestamp < previous) outOfOrder++;
      else lastSeen.set(record.AgentARN, record.EventTimestamp);
    }
    expect(outOfOrder).toBeGreaterThan(0);
  });

  it('sends a HEART_BEAT at least every 120 s while an agent is logged in', () => {
    const byAgent = new Map<string, AgentEventRecord[]>();
    for (const { record } of events) byAgent.set(record.AgentARN, [...(byAgent.get(record.AgentARN) ?? []), record]);
    for (const agentEvents of byAgent.values()) {
      const unique = [...new Map(agentEvents.map((event) => [event.EventId, event])).values()].sort((a, b) => a.EventTimestamp.localeCompare(b.EventTimestamp));
      const first = unique[0] as AgentEventRecord;
      // Agents already logged in when the first day starts appear without a LOGIN.
      let loggedIn = first.EventType === 'LOGIN' || (first.EventType !== 'LOGOUT' && first.CurrentAgentSnapshot.AgentStatus.Name !== 'Offline');
      for (let i = 1; i < unique.length; i++) {
        const gapMs = Date.parse((unique[i] as AgentEventRecord).EventTimestamp) - Date.parse((unique[i - 1] as AgentEventRecord).EventTimestamp);
        if (loggedIn) expect(gapMs).toBeLessThanOrEqual(120_000);
        const type = (unique[i] as AgentEventRecord).EventType;
        if (type === 'LOGIN') loggedIn = true;
        if (type === 'LOGOUT') loggedIn = false;
      }
    }
    expect(events.some(({ record }) => record.EventType === 'HEART_BEAT' && record.CurrentAgentSnapshot.AgentStatus.Name === 'Offline')).toBe(true);
  });

  it('keeps the agent Available while on contacts, carries the work in Contacts[], and uses the status types', () => {
    const states = new Set<string>();
    let concurrentChats = 0;
    for (const { record } of events) {
      const snapshot = record.CurrentAgentSnapshot;
      const status = snapshot.AgentStatus;
      // Connect types custom statuses (Lunch, Break, Training) CUSTOM (reference quirk 12).
      expect(status.Type).toBe(status.Name === 'Available' ? 'ROUTABLE' : status.Name === 'Offline' ? 'OFFLINE' : 'CUSTOM');
      if (snapshot.Contacts.length > 0) expect(status.Name).toBe('Available');
      for (const contact of snapshot.Contacts) states.add(contact.State);
      if (snapshot.Contacts.filter((contact) => contact.Channel === 'CHAT').length > 1) concurrentChats++;
      if (record.EventType === 'LOGIN' || record.EventType === 'LOGOUT') expect(record.PreviousAgentSnapshot).toBeNull();
    }
    expect([...states].sort()).toEqual(['CONNECTED', 'CONNECTED_ONHOLD', 'CONNECTING', 'ENDED', 'INCOMING', 'MISSED']);
    expect(concurrentChats).toBeGreaterThan(0);
    const statuses = new Set(events.map(({ record }) => record.CurrentAgentSnapshot.AgentStatus.Name));
    expect([...statuses].sort()).toEqual(['Available', 'Break', 'Lunch', 'Offline', 'Training']);
    expect(events.some(({ record }) => record.CurrentAgentSnapshot.NextAgentStatus !== null)).toBe(true);
  });

  it('writes nothing partitioned before the first day', () => {
    for (const source of ['ctr', 'ae', 'cfl', 'cl', 'ef'] as const) {
      for (const { dayNumber } of data.sink.lines[source]) expect(dayNumber).toBeGreaterThanOrEqual(dayOf('2024-03-04T00:00:00Z'));
    }
  });
});
