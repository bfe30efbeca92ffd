import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PersistedQueryNotAllowedError } from '../../domain/errors';

/**
 * Trusted documents (persisted operations): the operations registered at build time, in the
 * manifest graphql-codegen's client preset writes (`npm run trusted-documents` →
 * dist/persisted-documents.json, `{"sha256:<hex>": "<document>"}`). HTTP-free, so the GraphQL
 * Lambda can use it too.
 */

/** What a GraphQL request carries that decides which document it runs. */
export interface PersistedRequestFields {
  readonly query?: unknown;
  /** GraphQL over HTTP's persisted-document id, `sha256:<hex>` (the client preset's documented way). */
  readonly documentId?: unknown;
  /** Apollo's form: `extensions.persistedQuery.sha256Hash` (bare hex). */
  readonly extensions?: unknown;
}

/** The manifest, and how a request is matched to it. */
export interface TrustedDocuments {
  /** How many documents are registered. */
  readonly size: number;
  /**
   * The document text a request runs, or the refusal:
   * - `documentId` (`sha256:<hex>` or bare hex) or `extensions.persistedQuery.sha256Hash` of a registered
   *   document → that document (a `query` sent with it must be the same text);
   * - `query` alone → accepted when it is exactly the text of a registered document;
   * - anything else → {@link PersistedQueryNotAllowedError}.
   */
  resolve(request: PersistedRequestFields): string;
}

const SHA256_PREFIX = 'sha256:';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash a request names, lower-case hex without prefix; undefined when it names none. */
function requestedHash(request: PersistedRequestFields): string | undefined {
  if (typeof request.documentId === 'string') {
    const id = request.documentId.trim().toLowerCase();
    return id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : id;
  }
  const extensions = request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = typeof extensions === 'object' && extensions !== null ? extensions.persistedQuery?.sha256Hash : undefined;
  return typeof hash === 'string' ? hash.trim().toLowerCase() : undefined;
}

const HOW_TO_REGISTER =
  'Add the operation to a .graphql file under documents/ and rebuild (npm run trusted-documents), then send {"documentId": "sha256:<hash from dist/persisted-documents.json>", "variables": {...}}.';

/**
 * Matching over a manifest (`{"sha256:<hex>": "<document>"}`; keys with or without the prefix).
 * @throws Error when a key is not the SHA-256 of its document (a hand-edited or stale manifest).
 */
export function trustedDocumentsOf(manifest: Readonly<Record<string, string>>): TrustedDocuments {
  const byHash = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const hash = key.toLowerCase().replace(SHA256_PREFIX, '');
    if (sha256Hex(document) !== hash) throw new Error(`trusted documents: the key ${key} is not the SHA-256 of its document; regenerate the manifest with npm run trusted-documents`);
    byHash.set(hash, document);
  }
  return {
    size: byHash.size,
    resolve(request) {
      const hash = requestedHash(request);
      if (hash !== undefined) {
        const document = byHash.get(hash);
        if (document === undefined) {
          throw new PersistedQueryNotAllowedError(`This server accepts only registered operations (trusted documents), and sha256:${hash.slice(0, 64)} is not one of them. ${HOW_TO_REGISTER}`);
        }
        if (typeof request.query === 'string' && request.query !== '' && request.query !== document) {
          throw new PersistedQueryNotAllowedError('The query text differs from the registered document of this documentId: send the documentId alone.');
        }
        return document;
      }
      if (typeof request.query === 'string' && byHash.get(sha256Hex(request.query)) === request.query) return request.query;
      throw new PersistedQueryNotAllowedError(`This server accepts only registered operations (trusted documents), not free query text. ${HOW_TO_REGISTER}`);
    },
  };
}

/**
 * Reads a manifest file (`{"sha256:<hash>": "<document>"}`).
 * @param purpose - what needs it, the start of the error messages (`TRUSTED_DOCUMENTS=1`).
 * @throws Error saying how to create the file when it is missing or not a JSON object of strings.
 */
export function readTrustedDocumentsManifest(file: string, purpose: string): Record<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${purpose} but the manifest ${file} does not exist: run npm run build (or npm run trusted-documents), or set TRUSTED_DOCUMENTS_FILE`
        : `${purpose} but the manifest ${file} is not JSON: ${(error as Error).message}`,
    );
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest) || !Object.values(manifest).every((value) => typeof value === 'string')) {
    throw new Error(`${purpose} but ${file} is not a manifest of the form {"sha256:<hash>": "<document>"}`);
  }
  return manifest as Record<string, string>;
}
