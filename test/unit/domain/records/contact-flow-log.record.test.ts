import { RecordError, parseContactFlowLogMessage, parseContactFlowLogRow } from '../../../../src/domain/records';
import { fixtureJson } from './published-fixtures';

describe('contact flow log readers', () => {
  const message = fixtureJson('real/cfl-setqueue-aws-docs-example.json');

  it('reads the AWS doc flow log entry (SetQueue, no flow name, no results)', () => {
    const parsed = parseContactFlowLogMessage(message);
    expect(parsed.ContactFlowModuleType).toBe('SetQueue');
    expect(parsed.Parameters?.Queue).toMatch(/\/queue\//);
    expect(parsed.ContactFlowName).toBeUndefined();
  });

  it('reads it wrapped as the sample writes connect_cfl rows', () => {
    const row = parseContactFlowLogRow({ timestamp: '2021-04-13T00:14:32.012Z', eventid: '36211238971282379817223717846720312497153871234567890123', message });
    expect(row.message.ContactId).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('rejects a row whose event id is not numeric or whose timestamp has no milliseconds', () => {
    expect(() => parseContactFlowLogRow({ timestamp: '2021-04-13T00:14:32.012Z', eventid: 'abc', message })).toThrow(RecordError);
    expect(() => parseContactFlowLogRow({ timestamp: '2021-04-13T00:14:32Z', eventid: '1', message })).toThrow(/timestamp/);
  });

  // Reference quirk 12: enumerations grow; a block type newer than this code is data, kept as sent.
  it('reads a block type it does not know (the AWS doc entry with another ContactFlowModuleType)', () => {
    const parsed = parseContactFlowLogMessage({ ...(message as object), ContactFlowModuleType: 'InvokeFlowModuleV2' });
    expect(parsed.ContactFlowModuleType).toBe('InvokeFlowModuleV2');
  });
});
