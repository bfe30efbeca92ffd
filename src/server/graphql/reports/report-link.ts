import { BadUserInputError } from '../../../domain/errors';
import { API_KEY_HEADER } from '../auth/api-keys';
import type { CredentialHeaders } from '../auth/credential-headers';
import { LINK_PARAMETER } from './report-parameters';

/**
 * A signed link given as `?link=<token>`, for tools that cannot send headers (Excel's and Power BI's
 * "From Web", a browser): the `Authorization` header value it stands for (`Link <token>`), or undefined
 * when the query string has no `link=`. HTTP-free: the Node server's `/reports` (linkFromQueryString)
 * and the GraphQL Lambda's apply the same rule before authentication.
 * @throws BadUserInputError (`extensions.argument: 'link'`) when `link=` is given twice, or together with
 *   a credential header (Authorization or x-api-key): which one counts would be a guess.
 */
export function linkAuthorization(searchParams: URLSearchParams, headers: CredentialHeaders): string | undefined {
  const links = searchParams.getAll(LINK_PARAMETER);
  if (links.length === 0) return undefined;
  if (links.length > 1) throw new BadUserInputError(`The parameter '${LINK_PARAMETER}' is given ${links.length} times; give one signed link.`, LINK_PARAMETER);
  if (hasHeader(headers, 'authorization') || hasHeader(headers, API_KEY_HEADER)) {
    throw new BadUserInputError(`This request has both a credential header (Authorization or ${API_KEY_HEADER}) and '${LINK_PARAMETER}=': send one of them.`, LINK_PARAMETER);
  }
  return `Link ${links[0]!.trim()}`;
}

/** Whether a header is present at all (even empty or repeated: a credential was attempted). */
function hasHeader(headers: CredentialHeaders, name: string): boolean {
  if (!headers || typeof headers !== 'object') return false;
  return Object.entries(headers).some(([key, value]) => key.toLowerCase() === name && value !== undefined);
}
