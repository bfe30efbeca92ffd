import { dtmfInputsOf, type ContactFlowStep } from '../../../src/domain/contact-journey';

const step = (moduleType: string, results: string | null, second: number): ContactFlowStep => ({
  timestamp: new Date(Date.UTC(2026, 10, 19, 10, 0, second)),
  loggedTimestamp: null,
  eventId: String(second),
  contactFlowId: null,
  contactFlowName: 'SimpleInboundFlow',
  moduleType,
  identifier: `block-${second}`,
  parameters: {},
  results,
  externalResults: null,
});

describe('dtmfInputsOf', () => {
  it('keeps the GetUserInput steps with a result, in journey order', () => {
    const journey = [step('PlayPrompt', null, 1), step('GetUserInput', '2', 2), step('SetAttributes', null, 3), step('GetUserInput', null, 4), step('GetUserInput', 'Timeout', 5)];
    expect(dtmfInputsOf(journey)).toEqual([
      { timestamp: journey[1].timestamp, contactFlowName: 'SimpleInboundFlow', identifier: 'block-2', result: '2' },
      { timestamp: journey[4].timestamp, contactFlowName: 'SimpleInboundFlow', identifier: 'block-5', result: 'Timeout' },
    ]);
  });

  it('is empty for a journey without input blocks', () => {
    expect(dtmfInputsOf([step('PlayPrompt', null, 1)])).toEqual([]);
    expect(dtmfInputsOf([])).toEqual([]);
  });
});
