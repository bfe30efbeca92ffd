import fs from 'node:fs';
import path from 'node:path';

/** A GraphQL response as the server sends it. */
export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: { stats?: { backendCalls: Record<string, number>; rowsRead: number; cacheHits: number; cacheMisses: number; engineTimeMs: number } };
}

const operationsDir = path.resolve(__dirname, '../operations');

/**
 * POSTs one named operation of a `test/operations/*.graphql` document (the documents codegen types)
 * and returns the HTTP status and parsed body.
 * @example postOperation<ContactsPageQuery, ContactsPageQueryVariables>(url, 'contacts', 'ContactsPage', vars)
 */
export async function postOperation<Data, Variables>(
  url: string,
  documentFile: string,
  operationName: string,
  variables?: Variables,
): Promise<{ status: number; body: GraphQLResponse<Data> }> {
  const query = fs.readFileSync(path.join(operationsDir, `${documentFile}.graphql`), 'utf8');
  return postQuery<Data>(url, query, variables as Record<string, unknown> | undefined, operationName);
}

/** POSTs an ad-hoc query (for error cases the typed documents cannot express). */
export async function postQuery<Data>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<{ status: number; body: GraphQLResponse<Data> }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<Data> };
}
