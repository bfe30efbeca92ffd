import { bearerToken, headerValue } from '../../../../../src/server/graphql/auth/credential-headers';

describe('credential headers', () => {
  it('reads headers case-insensitively from express headers, API Gateway events and connection_init payloads', () => {
    expect(headerValue({ 'x-api-key': 'k' }, 'X-API-Key')).toBe('k');
    expect(headerValue({ 'X-Api-Key': ' k ' }, 'x-api-key')).toBe('k');
    expect(headerValue({ 'x-api-key': ['k'] }, 'x-api-key')).toBe('k');
    expect(headerValue(undefined, 'x-api-key')).toBeUndefined();
    expect(headerValue({ 'x-api-key': 42 }, 'x-api-key')).toBeUndefined();
    expect(headerValue({ 'x-api-key': '' }, 'x-api-key')).toBeUndefined();
    expect(headerValue({ 'x-api-key': ['a', 'b'] }, 'x-api-key')).toBeUndefined();
  });

  it('takes the token of a Bearer authorization only', () => {
    expect(bearerToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(bearerToken({ Authorization: 'bearer   abc' })).toBe('abc');
    expect(bearerToken({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(bearerToken({ authorization: 'Bearer a b' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });
});
