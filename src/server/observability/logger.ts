import pino from 'pino';

/** What replaces a redacted value in a log line. */
export const REDACTED = '[Redacted]';

/**
 * Log paths that are never written: credentials (authorization and api-key headers, cookies, in a
 * request object or a bare headers object) and customer endpoint addresses (phone numbers, e-mail
 * addresses) wherever a contact or an error detail could carry them, up to two levels deep.
 * Request log lines carry no headers at all (src/server/app.ts); this is the net under any line that
 * logs a request, a contact or a CTR by mistake.
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  ...['req.headers', 'request.headers', 'headers', 'res.headers'].flatMap((headers) => [
    `${headers}.authorization`,
    `${headers}["proxy-authorization"]`,
    `${headers}["x-api-key"]`,
    `${headers}.cookie`,
    `${headers}["set-cookie"]`,
  ]),
  ...['customerEndpoint', 'systemEndpoint', 'CustomerEndpoint', 'SystemEndpoint', 'Address', 'apiKey'].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** Options of {@link createServerLogger}. */
export interface ServerLoggerOptions {
  /** pino level (LOG_LEVEL). */
  readonly level: string;
  /** The `service` field of every line. */
  readonly service: string;
}

/**
 * The JSON logger of the Node server and the GraphQL Lambda: pino with {@link LOG_REDACT_PATHS}
 * censored. `destination` defaults to stdout (tests pass a stream to read the lines).
 */
export function createServerLogger(options: ServerLoggerOptions, destination?: pino.DestinationStream): pino.Logger {
  const loggerOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    redact: { paths: [...LOG_REDACT_PATHS], censor: REDACTED },
  };
  return destination === undefined ? pino(loggerOptions) : pino(loggerOptions, destination);
}
