import { parseContactLensRow, parseCtr, parseEvaluationRow } from '../../../../src/domain/records';
import { buildContactCenterModel } from '../../../../src/local/demo-data';
import { buildContactLensRow } from '../../../../src/local/demo-data/contact-lens.builder';
import { CtrBuilder } from '../../../../src/local/demo-data/ctr.builder';
import { buildEvaluationRow } from '../../../../src/local/demo-data/evaluation.builder';
import { derivePrng } from '../../../../src/local/demo-data/prng';
import type { SimAgent, SimContact } from '../../../../src/local/demo-data/simulation.types';

const model = buildContactCenterModel('builders', 4);
const agentModel = model.agents[0]!;
const agent = { model: agentModel, routingProfile: model.routingProfiles[agentModel.routingProfileIndex] } as SimAgent;

/** A voice call that starts just before UTC midnight and is answered just after it. */
function lateCall(): SimContact {
  const initiationMs = Date.parse('2024-03-04T23:59:40.250Z');
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    channel: 'VOICE',
    initiationMethod: 'INBOUND',
    initiationMs,
    connectedToSystemMs: initiationMs,
    queueIndex: agent.routingProfile.queues[0]!.queueIndex,
    outboundQueue: false,
    enqueueMs: initiationMs + 15_000,
    dequeueMs: initiationMs + 25_500,
    phase: 'DONE',
    waitToken: 1,
    patienceDeadlineMs: Infinity,
    attributes: { CallReason: 'RecentPurchase' },
    customerPhone: '+12025550100',
    previousContactId: null,
    initialContactId: null,
    nextContactId: null,
    chainDepth: 0,
    webCall: false,
    agentConnectionAttempts: 1,
    agent,
    connectedToAgentMs: initiationMs + 25_500,
    holds: [{ startMs: initiationMs + 60_000, endMs: initiationMs + 90_400 }],
    disconnectMs: initiationMs + 300_000,
    disconnectReason: 'CUSTOMER_DISCONNECT',
    afterContactWorkStartMs: initiationMs + 300_000,
    afterContactWorkEndMs: initiationMs + 345_000,
    transferCompletedMs: null,
    transferredToEndpoint: null,
    customerAnswered: true,
    references: [],
  };
}

describe('record builders', () => {
  it('puts the CTR in the day it started and the Contact Lens row in the day the recording started', () => {
    const contact = lateCall();
    const ctr = parseCtr(new CtrBuilder(model).build(contact, contact.afterContactWorkEndMs! + 60_000));
    expect(ctr.InitiationTimestamp).toBe('2024-03-04T23:59:40Z');
    expect(ctr.Recording?.Location).toMatch(/CallRecordings\/2024\/03\/05\/c0ffee00-0000-4000-8000-000000000001_20240305T00:00_UTC\.wav$/);
    expect(ctr.Agent?.CustomerHoldDuration).toBe(30);
    expect(ctr.Queue?.Duration).toBe(10);
    const row = parseContactLensRow(buildContactLensRow(model, contact, derivePrng('cl')));
    expect(row.recordingTimestamp).toBe('2024-03-05T00:00:00.000Z');
    expect(row.totalConversationDuration).toBe(274);
    expect((row.talkTimeTotal ?? 0) + (row.nonTalkTimeTotal ?? 0)).toBe(274);
  });

  it('builds an evaluation a few days later from the sample extraction, with section and total scores', () => {
    const row = parseEvaluationRow(buildEvaluationRow(model, lateCall(), derivePrng('ef')));
    const days = (Date.parse(row.evaluationSubmitTimestamp) - Date.parse('2024-03-05T00:00:00Z')) / 86_400_000;
    expect(days).toBeGreaterThan(0);
    expect(days).toBeLessThan(7);
    expect(row.evaluationSectionsScores.length).toBeGreaterThan(2);
    expect(row.evaluationQuestionAnswers.some((answer) => answer.parentSectionRefId !== null)).toBe(true);
    expect(row.agentId).toBe(agentModel.id);
  });
});
