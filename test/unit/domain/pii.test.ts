import { maskEndpointAddress, maskPii, PiiAttributeAllowlist } from '../../../src/domain/pii';

describe('maskEndpointAddress', () => {
  it('keeps a leading + and the last 4 characters, replacing the others by *', () => {
    expect(maskEndpointAddress('+12065551234')).toBe('+*******1234');
    expect(maskEndpointAddress('+442071234567')).toBe('+********4567');
    expect(maskEndpointAddress('jane@example.com')).toBe('************.com');
  });

  it('hides every character of an address of 4 characters or fewer', () => {
    expect(maskEndpointAddress('1234')).toBe('****');
    expect(maskEndpointAddress('+911')).toBe('+***');
    expect(maskEndpointAddress('')).toBe('');
  });
});

describe('maskPii', () => {
  const allowlist = new PiiAttributeAllowlist(['CallReason', ' queueTier ']);
  const input = { args: {}, allowlist };

  it('filters attributes by the allowlist without regard to case', () => {
    expect(maskPii('attributes', { callreason: 'Billing', QueueTier: 'gold', CustomerName: 'Jane' }, input)).toEqual({ callreason: 'Billing', QueueTier: 'gold' });
    expect(maskPii('attribute', 'Jane', { ...input, args: { name: 'CustomerName' } })).toBeNull();
    expect(maskPii('attribute', 'Billing', { ...input, args: { name: 'CALLREASON' } })).toBe('Billing');
  });

  it('redacts to null, empties objects and leaves absent values absent', () => {
    expect(maskPii('redact', 's3://bucket/recording.wav', input)).toBeNull();
    expect(maskPii('object', { Name: 'Jane' }, input)).toEqual({});
    expect(maskPii('endpoint', null, input)).toBeNull();
    expect(maskPii('object', undefined, input)).toBeUndefined();
  });
});
