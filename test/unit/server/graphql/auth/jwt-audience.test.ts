import { audienceMatches, defaultJwksUrl } from '../../../../../src/server/graphql/auth/jwt';

describe('JWT audience check', () => {
  const audiences = ['analytics-api', '3n4b5urk1ft4fl3mg5e62d9ado'];

  it('accepts aud as a string or an array naming one of the audiences', () => {
    expect(audienceMatches({ aud: 'analytics-api' }, audiences)).toBe(true);
    expect(audienceMatches({ aud: ['other', 'analytics-api'] }, audiences)).toBe(true);
    expect(audienceMatches({ aud: 'other' }, audiences)).toBe(false);
    expect(audienceMatches({ aud: [] }, audiences)).toBe(false);
  });

  it('accepts a Cognito access token (no aud) by its client_id, and nothing else without aud', () => {
    expect(audienceMatches({ token_use: 'access', client_id: '3n4b5urk1ft4fl3mg5e62d9ado' }, audiences)).toBe(true);
    expect(audienceMatches({ token_use: 'access', client_id: 'another-client' }, audiences)).toBe(false);
    expect(audienceMatches({ token_use: 'id', client_id: '3n4b5urk1ft4fl3mg5e62d9ado' }, audiences)).toBe(false);
    expect(audienceMatches({}, audiences)).toBe(false);
    // A token with an aud is judged by it, whatever its client_id says.
    expect(audienceMatches({ aud: 'other', token_use: 'access', client_id: '3n4b5urk1ft4fl3mg5e62d9ado' }, audiences)).toBe(false);
  });

  it('derives the JWKS URL of an issuer', () => {
    expect(defaultJwksUrl('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC')).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json');
    expect(defaultJwksUrl('https://idp.example/')).toBe('https://idp.example/.well-known/jwks.json');
  });
});
