/**
 * fast-check arbitraries of hostile argument values, one family per GraphQL input type: SQL and
 * JSON-path injection, NUL bytes, huge strings, odd unicode, impossible and extreme dates, integers
 * at and past the Int bounds, garbage enum values, forged cursors, input objects with missing and
 * extra fields, and values of the wrong type. Each mixes in valid values so that the other
 * arguments of a call get past validation and the hostile one reaches the services and the SQL.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLNamedInputType,
} from 'graphql';
import { EnumToken, type FuzzValue } from './graphql-values';

/** Strings aimed at the SQL builders, the JSON-path attribute lookups, the file layout and the error messages. */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE contacts; --',
  "'; SELECT * FROM read_json_auto('/etc/passwd'); --",
  "1' UNION SELECT version(), current_database() --",
  "x'); COPY (SELECT 1) TO '/tmp/pwned.csv'; --",
  "') OR true; ATTACH '/tmp/x.db' AS x; --",
  '$..*',
  '$[?(@.a)]',
  "'] || true",
  "$.Attributes['x'] || 'y'",
  "attributes->>'$.x'",
  '\u0000',
  'a\u0000b',
  '%00',
  '\\',
  "\\'",
  '\\"',
  '%',
  '_',
  '*',
  '[',
  '?',
  '$1',
  ':name',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'ctr/year=2026/month=11/day=19',
  'NULL',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '',
  ' ',
  '\n\r\t',
  '𝕏😀👍🏽🏳️‍🌈',
  'مرحبا بالعالم',
  '\u202Eevil\u202C',
  '\uFEFF',
  '\uD800',
  '\uDC00abc',
  'ÿ',
  '__proto__',
  'constructor',
  'toString',
  'arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-0000-0000-000000000000',
  'Etc/GMT+14',
  'America/New_York',
  'Africa/Monrovia',
  'Asia/Kathmandu',
  'UTC',
  'utc',
  '+14:00',
  'A'.repeat(100_000),
  "' OR 1=1 --".repeat(10_000),
];

/** Date-times that are impossible, extreme, unzoned, offset, negative or not date-times at all. */
export const HOSTILE_DATE_TIMES: readonly FuzzValue[] = [
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-11-19T24:00:00Z',
  '2016-12-31T23:59:60Z',
  '2026-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '2026-11-19T00:00:00',
  '2026-11-19',
  '2026-11-19T00:00:00+14:00',
  '2026-11-19T00:00:00-12:00',
  '2026-11-19T00:00:00+25:00',
  '2026-11-19T00:00:00.123456789Z',
  '2026-W47-4T00:00:00Z',
  '-1',
  '0',
  '1e10',
  'now',
  'T',
  '',
  ' ',
  "2026-11-19T00:00:00Z' OR 1=1 --",
  -1,
  0,
  1763510400000,
  8.64e15 + 1,
];

/** Integers at and past the GraphQL Int and JavaScript safe-integer bounds, and non-integers. */
export const HOSTILE_INTS: readonly FuzzValue[] = [
  0,
  -1,
  1,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1.5,
  1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '1',
  'NaN',
  '0x10',
  '1e400',
  true,
];

/** Options of {@link argumentValue}: realistic values of the data set (so fuzzed calls can reach real rows). */
export interface ValueSeeds {
  /** ISO-8601 instant where the data starts; valid ranges are drawn around it. */
  readonly dataStartMs: number;
  /** Strings the data holds (agent ids, usernames, queue names, contact ids …). */
  readonly strings: readonly string[];
  /** Real cursors returned by the server, by list kind (mutated into forged ones). */
  readonly cursors: readonly string[];
}

const HOUR_MS = 3_600_000;

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Cursors: base64 garbage, well-formed base64 JSON with the wrong kind or fields, huge, and real ones. */
function cursorArbitrary(seeds: ValueSeeds): fc.Arbitrary<FuzzValue> {
  const forged = fc
    .tuple(
      fc.constantFrom('contact', 'agent', 'evaluation', 'x', ''),
      fc.array(fc.oneof(fc.constantFrom<unknown>(...HOSTILE_STRINGS.filter((s) => s.length < 200), ...HOSTILE_DATE_TIMES, ...HOSTILE_INTS, null, {}, []), fc.string()), { maxLength: 3 }),
    )
    .map(([kind, fields]) => base64url(JSON.stringify([kind, ...fields])));
  const mutated = seeds.cursors.length
    ? fc.tuple(fc.constantFrom(...seeds.cursors), fc.nat(), fc.string({ maxLength: 3 })).map(([cursor, at, insert]) => cursor.slice(0, at % cursor.length) + insert + cursor.slice(at % cursor.length))
    : fc.constant('');
  return fc.oneof(
    fc.base64String(),
    forged,
    mutated,
    fc.constantFrom<FuzzValue>(
      base64url('{}'),
      base64url('{"kind":"contact","position":["2026-11-19T00:00:00Z","x"]}'),
      base64url('["contact"]'),
      base64url('["contact","2026-02-30T00:00:00Z","x"]'),
      base64url(`["contact","2026-11-19T00:00:00Z","${"' OR 1=1 --"}"]`),
      base64url(`["agent","${'A'.repeat(50_000)}","x"]`),
      'A'.repeat(100_000),
      '=',
      '====',
      '%%%',
      'bnVsbA',
      ...seeds.cursors,
    ),
  );
}

/** Free text: the hostile list, arbitrary unicode (lone surrogates included), and the data's own strings. */
function stringArbitrary(seeds: ValueSeeds): fc.Arbitrary<FuzzValue> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
    { arbitrary: seeds.strings.length ? fc.constantFrom(...seeds.strings) : fc.constant('x'), weight: 2 },
    {
      arbitrary: fc.tuple(seeds.strings.length ? fc.constantFrom(...seeds.strings) : fc.constant('x'), fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 200))).map(([a, b]) => a + b),
      weight: 2,
    },
  );
}

/** Date-times: mostly valid instants within a day or two of the data (small scans), then the hostile ones. */
function dateTimeArbitrary(seeds: ValueSeeds): fc.Arbitrary<FuzzValue> {
  const near = fc
    .tuple(fc.integer({ min: -24, max: 72 }), fc.constantFrom('Z', '+00:00', '+14:00', '-12:00', '+05:45', '.5Z'))
    .map(([hours, zone]) => {
      const iso = new Date(seeds.dataStartMs + hours * HOUR_MS).toISOString().replace('.000Z', '');
      if (zone === 'Z' || zone === '+00:00') return iso + zone;
      if (zone === '.5Z') return `${iso}.5Z`;
      return iso + zone;
    });
  return fc.oneof({ arbitrary: near, weight: 3 }, { arbitrary: fc.constantFrom(...HOSTILE_DATE_TIMES), weight: 3 }, { arbitrary: fc.string({ maxLength: 30 }), weight: 1 });
}

/** Starts of short ranges at the edges of time: year 0 and 1, 9999, JavaScript's last day, before 1970, leap seconds, DST changes. */
const EDGE_RANGE_STARTS: readonly string[] = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '-000001-06-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2016-12-31T23:00:00Z',
  '2026-03-08T06:00:00Z',
  '2026-11-01T05:00:00Z',
  '9999-12-31T00:00:00Z',
  '+275760-09-12T00:00:00Z',
];

/** Lengths of those ranges: a millisecond to past the range limits. */
const EDGE_RANGE_LENGTHS_MS: readonly number[] = [1, 60_000, 3_600_000, 86_400_000, 3 * 86_400_000, 40 * 86_400_000];

/**
 * A `from`/`to` pair that passes the "from before to" check but sits at an edge of time, so the
 * partition planner, time zones and the SQL see years 0, 9999 or 275760 (single values rarely do:
 * the other end of the range is usually far away).
 */
export const edgeRangeArbitrary: fc.Arbitrary<{ from: string; to: string }> = fc
  .tuple(fc.constantFrom(...EDGE_RANGE_STARTS), fc.constantFrom(...EDGE_RANGE_LENGTHS_MS))
  .map(([from, lengthMs]) => {
    const toMs = Date.parse(from) + lengthMs;
    return { from, to: Number.isNaN(new Date(toMs).getTime()) ? '+275760-09-13T00:00:00Z' : new Date(toMs).toISOString() };
  });

function intArbitrary(): fc.Arbitrary<FuzzValue> {
  return fc.oneof({ arbitrary: fc.integer({ min: 1, max: 20 }), weight: 2 }, { arbitrary: fc.constantFrom(...HOSTILE_INTS), weight: 3 }, { arbitrary: fc.integer(), weight: 1 });
}

/** Values of the wrong type for any position. */
const wrongTypeArbitrary: fc.Arbitrary<FuzzValue> = fc.constantFrom<FuzzValue>({}, [], [[]], { a: 1 }, 1, 'x', true, null);

function enumArbitrary(values: readonly string[]): fc.Arbitrary<FuzzValue> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...values).map((v) => new EnumToken(v)), weight: 4 },
    { arbitrary: fc.constantFrom(...values).map((v) => new EnumToken(v.toLowerCase())), weight: 1 },
    { arbitrary: fc.constantFrom('', 'DROP', 'null', '__proto__', "' OR 1=1 --", 'A'.repeat(10_000), 'ÉTAT', '\u0000').map((v) => new EnumToken(v)), weight: 1 },
    { arbitrary: fc.constantFrom(...values), weight: 1 },
  );
}

/** `arbitrary`'s values one time in `every`, null otherwise. */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: every - 1 }, { arbitrary, weight: 1 });
}

/** Hostile values of a named type (the list and non-null wrappers are handled by {@link argumentValue}). */
function namedValue(type: GraphQLNamedInputType, name: string, seeds: ValueSeeds, depth: number): fc.Arbitrary<FuzzValue> {
  if (isEnumType(type)) return enumArbitrary(type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const entries = fields.map((field) => fc.option(argumentValue(field.type, field.name, seeds, depth + 1), { nil: undefined, freq: 4 }).map((v) => [field.name, v] as const));
    // fc.option's freq is the odds of *no* value: these are "sometimes", not "mostly".
    const extra = sometimes(fc.constantFrom<[string, FuzzValue]>(['extra', 1], ['__proto__', { admin: true }], ['constructor', 'x'], ['from', null]), 6);
    const hasRange = fields.some((f) => f.name === 'from') && fields.some((f) => f.name === 'to');
    return fc.tuple(fc.tuple(...entries), extra, hasRange ? sometimes(edgeRangeArbitrary, 3) : fc.constant(null)).map(([pairs, more, range]) => {
      const value: Record<string, FuzzValue> = {};
      for (const [field, v] of pairs) if (v !== undefined) value[field] = v;
      if (hasRange && range) Object.assign(value, range);
      if (more) Object.defineProperty(value, more[0], { value: more[1], enumerable: true, writable: true, configurable: true });
      return value;
    });
  }
  switch (type.name) {
    case 'Int':
      return intArbitrary();
    case 'Float':
      return fc.oneof(fc.double(), fc.constantFrom<FuzzValue>(...HOSTILE_INTS));
    case 'Boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom<FuzzValue>('true', 0, 1, 'yes'));
    case 'DateTimeISO':
      return dateTimeArbitrary(seeds);
    default:
      // String, ID and the open string-valued scalars (Channel, InitiationMethod …).
      return name === 'after' || name === 'before' || name === 'cursor' ? cursorArbitrary(seeds) : stringArbitrary(seeds);
  }
}

/**
 * Hostile values for an argument or input field: mostly of its type (lists of 0–4 items, huge lists
 * sometimes, a bare item where a list is expected), now and then null for a non-null position or a
 * value of the wrong type.
 */
export function argumentValue(type: GraphQLInputType, name: string, seeds: ValueSeeds, depth = 0): fc.Arbitrary<FuzzValue> {
  if (isNonNullType(type)) return fc.oneof({ arbitrary: argumentValue(type.ofType, name, seeds, depth), weight: 12 }, { arbitrary: fc.constant(null), weight: 1 });
  if (isListType(type)) {
    const item = argumentValue(type.ofType, name, seeds, depth + 1);
    return fc.oneof(
      { arbitrary: fc.array(item, { maxLength: 4 }), weight: 8 },
      { arbitrary: item, weight: 1 },
      // A thousand copies of a small item (a huge one would only test the body size limit).
      { arbitrary: item.map((v) => Array.from({ length: 1_000 }, () => (JSON.stringify(v).length > 200 ? null : v))), weight: 1 },
    );
  }
  const named = getNamedType(type);
  return fc.oneof({ arbitrary: namedValue(named, name, seeds, depth), weight: 12 }, { arbitrary: wrongTypeArbitrary, weight: 1 });
}
