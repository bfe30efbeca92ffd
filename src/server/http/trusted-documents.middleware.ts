import type express from 'express';
import { AppError } from '../../domain/errors';
import type { PersistedRequestFields, TrustedDocuments } from '../graphql/trusted-documents';

/** A request body after resolution: the registered text in `query`, no id or persisted-query extension left for Apollo. */
function resolvedBody(body: Record<string, unknown>, documents: TrustedDocuments): Record<string, unknown> {
  const query = documents.resolve(body as PersistedRequestFields);
  const { documentId: _documentId, extensions, ...rest } = body;
  const { persistedQuery: _persistedQuery, ...otherExtensions } = (typeof extensions === 'object' && extensions !== null ? extensions : {}) as Record<string, unknown>;
  return { ...rest, query, ...(Object.keys(otherExtensions).length > 0 ? { extensions: otherExtensions } : {}) };
}

/** `extensions` of a GET request (a JSON string); undefined when absent or not JSON (Apollo then reports it). */
function parseExtensions(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * TRUSTED_DOCUMENTS=1: in front of Apollo on `/graphql` (after the JSON body parser), lets through
 * only operations of the manifest. POST bodies (an object, or each element of a batch) and GET query
 * strings carrying `documentId`, `extensions.persistedQuery.sha256Hash` or the exact text of a
 * registered document are rewritten to `query: <registered text>` (the id and the persisted-query
 * extension removed, so Apollo's own APQ never sees or stores anything); anything else is answered
 * 400 `PERSISTED_QUERY_NOT_ALLOWED` before Apollo parses it.
 */
export function trustedDocumentsMiddleware(documents: TrustedDocuments): express.RequestHandler {
  return (req, res, next) => {
    try {
      if (req.method === 'GET') {
        const url = new URL(req.url, 'http://localhost');
        const params = url.searchParams;
        const query = documents.resolve({ query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions: parseExtensions(params.get('extensions')) });
        params.delete('documentId');
        params.delete('extensions');
        params.set('query', query);
        req.url = `${url.pathname}?${params.toString()}`;
      } else if (req.method === 'POST') {
        const body: unknown = req.body;
        if (Array.isArray(body)) req.body = body.map((item: unknown) => resolvedBody((item ?? {}) as Record<string, unknown>, documents));
        else if (typeof body === 'object' && body !== null) req.body = resolvedBody(body as Record<string, unknown>, documents);
      }
      next();
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
  };
}
