import { AppError } from '../../../../../src/domain/errors';
import { linkAuthorization } from '../../../../../src/server/graphql/reports/report-link';

const params = (text: string) => new URLSearchParams(text);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('linkAuthorization', () => {
  it('gives nothing without link=, whatever the headers', () => {
    expect(linkAuthorization(params('from=today-7d'), {})).toBeUndefined();
    expect(linkAuthorization(params(''), { 'x-api-key': 'lk_1' })).toBeUndefined();
  });

  it('turns one link= into Authorization: Link <token>, trimmed', () => {
    expect(linkAuthorization(params('from=today&link=%20abc.def.ghi%20'), { accept: 'text/csv' })).toBe('Link abc.def.ghi');
  });

  it('refuses link= beside a credential header, in any spelling of its name', () => {
    for (const headers of [{ authorization: 'Bearer x' }, { Authorization: 'Link y' }, { 'x-api-key': 'lk_1' }, { 'X-Api-Key': '' }]) {
      const error = refusal(() => linkAuthorization(params('link=t'), headers));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.data).toEqual({ argument: 'link' });
      expect(error.message).toMatch(/both a credential header \(Authorization or x-api-key\) and 'link='/);
    }
  });

  it('refuses link= given more than once, counting them', () => {
    expect(refusal(() => linkAuthorization(params('link=a&link=b&link=c'), {})).message).toBe("The parameter 'link' is given 3 times; give one signed link.");
  });
});
