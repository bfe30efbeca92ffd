import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, NoSchemaIntrospectionCustomRule, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode, QueryTooComplexError } from '../../domain/errors';
import type { RequestContext } from '../../services/request-context';
import type { ServerMetrics } from '../observability/metrics';
import { appErrorExtensions, parseFailedError, toGraphQLError } from './graphql-errors';
import { estimateOperationCost } from './query-cost';

/**
 * Static and cost limits of GraphQL operations, shared by the Node server and the Lambda (HTTP-free).
 * Depth, aliases and directives are graphql-armor validation rules, tokens graphql-armor's counting
 * parser plus graphql-js's own `maxTokens` parse option (so an over-long document is never parsed
 * whole), cost the domain cost model of `query-cost.ts`. Every rejection is a `QUERY_TOO_COMPLEX`
 * error with HTTP 400 whose message states the limit, the measured value and what to change, and
 * happens before any resolver runs.
 */

/** Why an operation was refused (the `reason` label of `graphql_rejections_total`). */
export type QueryRejectionReason = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost';

/** The limits, from `LIMIT_MAX_*` and `INTROSPECTION`. */
export interface QueryLimitsOptions {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  readonly maxCost: number;
  /** `MAX_PAGE_SIZE`, the largest `first` the cost model counts. */
  readonly maxPageSize: number;
  /** Introspection on; off also hides field suggestions ("Did you mean …") from error messages. */
  readonly introspection: boolean;
  /** Called once per refused operation (metrics). */
  readonly onRejected?: (reason: QueryRejectionReason) => void;
}

/**
 * The limits of a configuration (`LIMIT_MAX_*`, `INTROSPECTION`), counting each rejection in
 * `graphql_limit_rejections_total`.
 */
export function queryLimitsOf(
  config: { readonly limits: Omit<QueryLimitsOptions, 'maxPageSize' | 'introspection' | 'onRejected'>; readonly http: { readonly introspection: boolean } },
  maxPageSize: number,
  metrics?: Pick<ServerMetrics, 'limitRejections'>,
): QueryLimitsOptions {
  const { maxDepth, maxAliases, maxTokens, maxDirectives, maxCost } = config.limits;
  return {
    maxDepth,
    maxAliases,
    maxTokens,
    maxDirectives,
    maxCost,
    maxPageSize,
    introspection: config.http.introspection,
    ...(metrics ? { onRejected: (reason: QueryRejectionReason) => metrics.limitRejections.inc({ reason }) } : {}),
  };
}

/** `extensions.cost` of every response: the operation's estimated cost and the limit. */
export interface CostExtension {
  /** Estimated cost of the operation (0 when the document could not be parsed or costed). */
  readonly estimated: number;
  /** `LIMIT_MAX_COST`. */
  readonly limit: number;
}

/** What each static limit is called in messages, and how to get under it. */
const STATIC_LIMITS = {
  depth: { what: 'nesting depth', variable: 'LIMIT_MAX_DEPTH', hint: 'Select fewer nested levels (e.g. fetch nested agents or contacts in a separate request).' },
  aliases: { what: 'number of aliases', variable: 'LIMIT_MAX_ALIASES', hint: 'Use fewer aliases: ask for several metrics in one metrics input instead of aliasing the field, or split the operation.' },
  directives: { what: 'number of directives', variable: 'LIMIT_MAX_DIRECTIVES', hint: 'Use fewer directives.' },
} as const;

/** The number armor measured ("… exceeded, found 12."), if it says. */
function measured(message: string): number | undefined {
  const match = /found (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** The error of an operation over a static limit. */
export function staticLimitError(reason: keyof typeof STATIC_LIMITS, limit: number, found: number | undefined): QueryTooComplexError {
  const { what, variable, hint } = STATIC_LIMITS[reason];
  const foundText = found === undefined ? 'more' : String(found);
  return new QueryTooComplexError(`The operation's ${what} is ${foundText}; the limit is ${limit} (${variable}). ${hint}`, {
    rule: reason,
    limit,
    ...(found === undefined ? {} : { found }),
  });
}

/** The error of a document longer than the token limit (the parser stops at the limit: the exact count is unknown). */
export function tokenLimitError(limit: number): QueryTooComplexError {
  return new QueryTooComplexError(`The operation has more than ${limit} tokens; the limit is ${limit} (LIMIT_MAX_TOKENS). Send a shorter document: fewer fields, aliases or inline values (use variables).`, {
    rule: 'tokens',
    limit,
  });
}

/** The error of an operation over the cost limit. */
export function costLimitError(cost: number, limit: number): QueryTooComplexError {
  return new QueryTooComplexError(
    `This operation costs ${cost}; the limit is ${limit} (LIMIT_MAX_COST). Lower 'first', narrow 'from'/'to', ask for fewer metrics, groupings or shorter intervals, or select fewer nested lists; extensions.cost reports each request's cost.`,
    { rule: 'cost', cost, limit },
  );
}

/** armor's onReject: report our coded error instead of armor's, and count it. */
function rejectAs(reason: keyof typeof STATIC_LIMITS, limit: number, options: QueryLimitsOptions): GraphQLArmorRejectCallback {
  return (context, error) => {
    options.onRejected?.(reason);
    context?.reportError(toGraphQLError(staticLimitError(reason, limit, measured(error.message)), 400));
  };
}

/** The validation rules of the static limits (depth, aliases, directives). */
export function staticLimitRules(options: QueryLimitsOptions): ValidationRule[] {
  // ignoreIntrospection off: an introspection query is as deep as it looks (and is refused when introspection is off anyway).
  return [
    // flattenFragments: a fragment spread is not a level of nesting; its fields are.
    maxDepthRule({ n: options.maxDepth, ignoreIntrospection: false, flattenFragments: true, propagateOnRejection: false, onReject: [rejectAs('depth', options.maxDepth, options)] }),
    maxAliasesRule({ n: options.maxAliases, propagateOnRejection: false, onReject: [rejectAs('aliases', options.maxAliases, options)] }),
    maxDirectivesRule({ n: options.maxDirectives, propagateOnRejection: false, onReject: [rejectAs('directives', options.maxDirectives, options)] }),
  ];
}

/** Whether armor's counting parser stops before the end of `source` (more tokens than `limit`). */
function exceedsTokens(source: string, limit: number): boolean {
  try {
    new MaxTokensParserWLexer(source, { n: limit, propagateOnRejection: true }).parseDocument();
    return false;
  } catch (error) {
    // A syntax error is reported by Apollo's own parse; only the token limit is ours.
    return /Token limit/.test((error as Error).message);
  }
}

/**
 * The Apollo plugin of the token and cost limits. Tokens: counted before Apollo parses; Apollo's parse
 * (with `maxTokens`) then stops, and the response's error is replaced by ours. Cost: estimated once
 * the operation is known (`didResolveOperation`, before execution), refused over `maxCost`, and
 * reported in `extensions.cost` on every single-result response.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, options: QueryLimitsOptions): ApolloServerPlugin<RequestContext> {
  const costOf = (document: Parameters<typeof estimateOperationCost>[0]['document'], operationName: string | undefined, variables: Record<string, unknown> | undefined) =>
    estimateOperationCost({ schema, document, operationName, variables }, { maxPageSize: options.maxPageSize });
  return {
    async requestDidStart() {
      let cost: number | undefined;
      let tooManyTokens = false;
      return {
        async parsingDidStart({ source }) {
          if (source !== undefined && exceedsTokens(source, options.maxTokens)) {
            tooManyTokens = true;
            options.onRejected?.('tokens');
          }
        },
        async didResolveOperation({ document, operation, request }) {
          try {
            cost = costOf(document, operation?.name?.value, request.variables);
          } catch (error) {
            cost = 0;
            if (error instanceof QueryTooComplexError) {
              options.onRejected?.('cost');
              throw toGraphQLError(error, 400);
            }
            // Variables that do not fit their definitions: execution refuses them before any resolver runs.
            return;
          }
          if (cost > options.maxCost) {
            options.onRejected?.('cost');
            throw toGraphQLError(costLimitError(cost, options.maxCost), 400);
          }
        },
        async willSendResponse({ response, document, operation, request }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (tooManyTokens) {
            const error = tokenLimitError(options.maxTokens);
            result.errors = [{ message: error.message, extensions: appErrorExtensions(error, false) }];
          }
          if (cost === undefined && document && !tooManyTokens) {
            // Refused by validation (depth, aliases …): the estimate still tells the client what it asked for.
            try {
              cost = costOf(document, operation?.name?.value ?? request.operationName ?? undefined, request.variables);
            } catch {
              cost = undefined;
            }
          }
          const extension: CostExtension = { estimated: cost ?? 0, limit: options.maxCost };
          result.extensions = { ...result.extensions, cost: extension };
        },
      };
    },
  };
}

/**
 * The ApolloServer options of the limits, to spread into its configuration (with the plugin of
 * {@link queryLimitsPlugin} first among the plugins, so later plugins see its errors):
 * validation rules, the parser's token limit, introspection and the hiding of field suggestions.
 */
export function queryLimitsServerOptions(options: QueryLimitsOptions): {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  introspection: boolean;
  hideSchemaDetailsFromClientErrors: boolean;
} {
  return {
    validationRules: staticLimitRules(options),
    parseOptions: { maxTokens: options.maxTokens },
    introspection: options.introspection,
    // Apollo's maintained switch for "Did you mean …" in validation errors (graphql-armor's block-field-suggestions does the same).
    hideSchemaDetailsFromClientErrors: !options.introspection,
  };
}

/** The message of a batched request (a JSON array body): Apollo's own ("Operation batching disabled.") does not say what to do. */
export const BATCHED_REQUEST_MESSAGE = 'Batched requests are not supported; send one operation per request.';

/** The response body of a batched request, answered with HTTP 400 before Apollo (batching stays off in Apollo too). */
export function batchedRequestBody(): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message: BATCHED_REQUEST_MESSAGE, extensions: { code: ErrorCode.BAD_USER_INPUT } }] };
}

/** What a graphql-ws `subscribe` message carries. */
export interface OperationPayload {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown> | null;
}

/** Removes graphql-js's "Did you mean …?" from a validation message (as Apollo does over HTTP when introspection is off). */
function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = error.message.replace(/ ?Did you mean .+\?$/, '');
  return message === error.message ? error : new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: error.extensions });
}

/**
 * The limits for an operation sent over graphql-ws (the HTTP path uses Apollo's hooks instead): the
 * token limit while parsing, GraphQL's validation with the static limits (and without introspection
 * or field suggestions when introspection is off), then the cost. Meant for graphql-ws's
 * `onSubscribe`: the errors to send, or the arguments to execute (validated: graphql-ws does not
 * validate them again).
 */
export function checkWsOperation(
  schema: GraphQLSchema,
  payload: OperationPayload,
  options: QueryLimitsOptions,
): { readonly errors: readonly GraphQLError[] } | { readonly args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null } } {
  if (exceedsTokens(payload.query, options.maxTokens)) {
    options.onRejected?.('tokens');
    return { errors: [toGraphQLError(tokenLimitError(options.maxTokens), 400)] };
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: options.maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [parseFailedError(error)] };
    throw error;
  }
  const rules = [...specifiedRules, ...staticLimitRules(options), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) return { errors: options.introspection ? invalid : invalid.map(withoutSuggestions) };
  const operation = getOperationAST(document, payload.operationName ?? undefined);
  let cost = 0;
  try {
    cost = estimateOperationCost({ schema, document, operationName: operation?.name?.value, variables: payload.variables ?? undefined }, { maxPageSize: options.maxPageSize });
  } catch (error) {
    if (error instanceof QueryTooComplexError) {
      options.onRejected?.('cost');
      return { errors: [toGraphQLError(error, 400)] };
    }
    // Variables that do not fit their definitions: execution refuses them before any resolver runs.
  }
  if (cost > options.maxCost) {
    options.onRejected?.('cost');
    return { errors: [toGraphQLError(costLimitError(cost, options.maxCost), 400)] };
  }
  return { args: { schema, document, operationName: payload.operationName, variableValues: payload.variables } };
}
