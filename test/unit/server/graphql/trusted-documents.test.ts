import { createHash } from 'node:crypto';
import { PersistedQueryNotAllowedError } from '../../../../src/domain/errors';
import { trustedDocumentsOf } from '../../../../src/server/graphql/trusted-documents';

const DOCUMENT = 'query Board { agentStates { username } }';
const HEX = createHash('sha256').update(DOCUMENT).digest('hex');

describe('trustedDocumentsOf', () => {
  const documents = trustedDocumentsOf({ [`sha256:${HEX}`]: DOCUMENT });

  it('resolves a documentId with or without the sha256: prefix, in any case, and the APQ hash', () => {
    expect(documents.resolve({ documentId: `sha256:${HEX}` })).toBe(DOCUMENT);
    expect(documents.resolve({ documentId: HEX.toUpperCase() })).toBe(DOCUMENT);
    expect(documents.resolve({ extensions: { persistedQuery: { version: 1, sha256Hash: HEX } } })).toBe(DOCUMENT);
    expect(documents.resolve({ query: DOCUMENT })).toBe(DOCUMENT);
  });

  it('refuses free text, unknown ids, a request with nothing, and non-string fields', () => {
    for (const request of [{ query: '{ __typename }' }, { documentId: 'sha256:abc' }, {}, { query: 42 }, { extensions: { persistedQuery: { sha256Hash: 7 } } }, { extensions: 'x' }]) {
      expect(() => documents.resolve(request)).toThrow(PersistedQueryNotAllowedError);
    }
  });

  it('rejects a manifest whose key is not the hash of its document', () => {
    expect(() => trustedDocumentsOf({ [`sha256:${HEX}`]: `${DOCUMENT} ` })).toThrow(/not the SHA-256 of its document/);
  });
});
