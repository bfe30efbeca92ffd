/* global module */
'use strict';

/**
 * The deployment parameters of serverless.yml, read once (`custom.deployment`), checked, and
 * completed with defaults. A serverless v3 `${file(...)}` variable source: serverless calls the
 * exported function while it resolves the configuration, so `serverless package` and
 * `serverless deploy` fail before anything is built when a required parameter is missing or a
 * value is malformed, with one message naming every problem.
 *
 * Parameters come from `--param="name=value"` (repeatable) or from the `params:` block of
 * serverless.yml (per stage). The list is in README.md (Deployment → Parameters).
 */

/** Parameters without a sensible default: they name resources of the user's account. */
const REQUIRED = ['dataBucketName', 'agentEventStreamArn'];

/** Firehose delivery prefixes of the five sources (the data layout: `<prefix>year=YYYY/month=MM/day=DD/`). */
const PREFIX_PARAMS = ['ctrPrefix', 'aePrefix', 'cflPrefix', 'clPrefix', 'efPrefix'];

/** A list of Amazon Connect instance ARNs, comma-separated (the live-state warm start), or empty (off). */
const CONNECT_INSTANCE_ARNS = /^(|arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]+(,arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]+)*)$/;

/** A customer-managed KMS key ARN, or empty (no key: no KMS permission is granted). */
const KMS_KEY_ARN = /^(|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+)$/;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Athena's smallest allowed per-query bytes-scanned cutoff (10 MB). */
const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** Everything but letters, digits and underscores, which Athena wants in database names. */
const toIdentifier = (text) => text.toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** Thrown to serverless; its stack is its message, so the CLI prints only the message. */
function deploymentParamsError(message) {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * Resolves `custom.deployment`.
 * @returns every parameter as a string or number (optional ones with their defaults), plus
 *   `httpApiAuthorizer` (the httpApi event's authorizer, or null), `corsAllowedOrigins` (a list),
 *   `httpApiCors` (the HTTP API's CORS settings, or false), `lambdaAuthMode` (the GraphQL function's AUTH_MODE),
 *   `signedLinks` ('1' with signedLinkSecretArn, else null: the GraphQL function's SIGNED_LINKS),
 *   `vpc` (`provider.vpc`, or null), `lambdaInVpc` ('true' | 'false', a stack parameter),
 *   `liveStateBootstrap` ('1' | '0'), `liveStateBootstrapInstances` (null when empty) and
 *   `liveStateBootstrapResources` (each instance ARN and its sub-resources, for the agent-events role).
 * @throws when required parameters are missing or values are malformed.
 */
module.exports = async ({ resolveVariable, options = {} }) => {
  const stage = String(await resolveVariable('sls:stage'));
  const region = String(await resolveVariable('self:provider.region'));
  const read = async (name) => {
    const value = await resolveVariable(`param:${name}, null`);
    return value === null || value === undefined ? undefined : String(value).trim();
  };

  const missing = [];
  const invalid = [];
  const given = {};
  for (const name of REQUIRED) {
    given[name] = await read(name);
    if (!given[name]) missing.push(name);
  }

  const text = async (name, fallback, pattern, expected) => {
    const value = (await read(name)) || fallback;
    if (pattern && !pattern.test(value)) invalid.push(`${name} = "${value}": ${expected}`);
    return value;
  };
  const integer = async (name, fallback, min, max) => {
    const raw = (await read(name)) || String(fallback);
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) invalid.push(`${name} = "${raw}": a whole number from ${min} to ${max}`);
    return value;
  };

  const params = {
    stage,
    region,
    dataBucketName: given.dataBucketName,
    agentEventStreamArn: given.agentEventStreamArn,
    glueDatabaseName: await text('glueDatabaseName', toIdentifier(`connect_analytics_${stage}`), /^[a-z0-9_]{1,255}$/, 'lower-case letters, digits and underscores'),
    athenaWorkgroupName: await text('athenaWorkgroupName', `connect-analytics-${stage}`, /^[A-Za-z0-9._-]{1,128}$/, 'letters, digits, ".", "_" and "-"'),
    agentStateTableName: await text('agentStateTableName', `connect-analytics-${stage}-agent-state`, /^[A-Za-z0-9._-]{3,255}$/, 'letters, digits, ".", "_" and "-" (3 to 255)'),
    bytesScannedCutoffPerQuery: await integer('bytesScannedCutoffPerQuery', 10 * 1024 ** 3, MIN_BYTES_SCANNED_CUTOFF, Number.MAX_SAFE_INTEGER),
    athenaResultsRetentionDays: await integer('athenaResultsRetentionDays', 7, 1, 3650),
    parallelizationFactor: await integer('parallelizationFactor', 1, 1, 10),
    logLevel: await text('logLevel', 'info', new RegExp(`^(${LOG_LEVELS.join('|')})$`), LOG_LEVELS.join(', ')),
    apiAuthorization: await text('apiAuthorization', 'iam', /^(iam|jwt|apikey|none)$/, 'iam (callers sign requests with SigV4), jwt (OIDC bearer tokens checked by the function), apikey (x-api-key checked by the function) or none (public)'),
    jwtIssuer: await text('jwtIssuer', '', /^(|https:\/\/\S+)$/, 'empty, or the https:// issuer of the tokens (e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>)'),
    jwtAudience: await text('jwtAudience', '', /^\S*$/, 'the expected aud claim (no spaces)'),
    jwtJwksUrl: await text('jwtJwksUrl', '', /^(|https:\/\/\S+)$/, 'empty (the issuer\'s /.well-known/jwks.json), or an https:// URL'),
    apiKeysSecretArn: await text('apiKeysSecretArn', '', /^(|arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+)$/, 'empty, or a Secrets Manager secret ARN holding the API-key JSON'),
    signedLinkSecretArn: await text('signedLinkSecretArn', '', /^(|arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+)$/, 'empty, or a Secrets Manager secret ARN holding the signed-link secret (at least 32 bytes)'),
    corsAllowedOrigins: await text('corsAllowedOrigins', '', /^(|\*|https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*)$/, 'empty (no cross-origin access), * or a comma-separated list of http(s) origins'),
    redisUrl: (await text('redisUrl', '', /^(|rediss?:\/\/\S+)$/, 'empty, or redis://… / rediss://…')) || null,
    dataKmsKeyArn: await text('dataKmsKeyArn', '', KMS_KEY_ARN, 'empty, or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)'),
    agentEventStreamKmsKeyArn: await text('agentEventStreamKmsKeyArn', '', KMS_KEY_ARN, 'empty, or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)'),
    liveStateBootstrapInstances: ((await read('liveStateBootstrapInstances')) || '').split(',').map((arn) => arn.trim()).filter(Boolean).join(','),
  };
  if (!CONNECT_INSTANCE_ARNS.test(params.liveStateBootstrapInstances)) {
    invalid.push(`liveStateBootstrapInstances = "${params.liveStateBootstrapInstances}": empty, or comma-separated Connect instance ARNs (arn:aws:connect:<region>:<account>:instance/<id>)`);
  }
  for (const name of PREFIX_PARAMS) {
    params[name] = await text(name, `${name.slice(0, -'Prefix'.length)}/`, /^[A-Za-z0-9!_.'()=-][A-Za-z0-9!_.'()=/-]*\/$/, 'an S3 key prefix ending in "/", without a leading "/" (e.g. "ctr/" or "connect/ctr/")');
  }

  if (params.apiAuthorization === 'jwt' && (!params.jwtIssuer || !params.jwtAudience)) invalid.push('apiAuthorization = "jwt" needs jwtIssuer and jwtAudience');
  if (params.apiAuthorization === 'apikey' && !params.apiKeysSecretArn) invalid.push('apiAuthorization = "apikey" needs apiKeysSecretArn (the secret holding {"keys": [...]})');
  // A link is checked by the function: with iam, API Gateway refuses an unsigned request before; with none, every caller is anonymous anyway.
  if (params.signedLinkSecretArn && params.apiAuthorization !== 'jwt' && params.apiAuthorization !== 'apikey') {
    invalid.push(`signedLinkSecretArn needs apiAuthorization jwt or apikey (got ${params.apiAuthorization}): the function checks signed links beside keys or tokens`);
  }
  // A wildcard origin is only for requests without browser credentials (SigV4 or a public API).
  if (params.corsAllowedOrigins === '*' && (params.apiAuthorization === 'jwt' || params.apiAuthorization === 'apikey')) {
    invalid.push('corsAllowedOrigins = "*" cannot be used with apiAuthorization jwt or apikey: list the portal origins that may send credentials');
  }
  if (given.dataBucketName && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(given.dataBucketName)) {
    invalid.push(`dataBucketName = "${given.dataBucketName}": an S3 bucket name (not an ARN or s3:// URL)`);
  }
  if (given.agentEventStreamArn) {
    const arn = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/[A-Za-z0-9_.-]{1,128}$/.exec(given.agentEventStreamArn);
    if (!arn) invalid.push(`agentEventStreamArn = "${given.agentEventStreamArn}": a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)`);
    else if (arn[1] !== region) invalid.push(`agentEventStreamArn is in ${arn[1]} but the stack deploys to ${region}: deploy with --region ${arn[1]}`);
  }

  // Both functions join the VPC when Redis (ElastiCache) is only reachable there.
  const subnetIds = ((await read('vpcSubnetIds')) || '').split(',').map((id) => id.trim()).filter(Boolean);
  const securityGroupIds = ((await read('vpcSecurityGroupIds')) || '').split(',').map((id) => id.trim()).filter(Boolean);
  for (const [name, ids, pattern] of [['vpcSubnetIds', subnetIds, /^subnet-[0-9a-f]+$/], ['vpcSecurityGroupIds', securityGroupIds, /^sg-[0-9a-f]+$/]]) {
    const bad = ids.filter((id) => !pattern.test(id));
    if (bad.length > 0) invalid.push(`${name}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${name === 'vpcSubnetIds' ? 'subnet-… ids' : 'sg-… ids'}`);
  }
  if ((subnetIds.length === 0) !== (securityGroupIds.length === 0)) invalid.push('vpcSubnetIds and vpcSecurityGroupIds: give both (to run the functions in a VPC) or neither');
  params.vpc = subnetIds.length > 0 && securityGroupIds.length > 0 ? { subnetIds, securityGroupIds } : null;

  // A misspelt --param would otherwise be ignored silently and its default deployed.
  const known = new Set([...Object.keys(params), ...PREFIX_PARAMS, 'vpcSubnetIds', 'vpcSecurityGroupIds']);
  known.delete('stage');
  known.delete('region');
  known.delete('vpc');
  const unknown = [].concat(options.param ?? []).map((entry) => String(entry).split('=')[0]).filter((name) => !known.has(name));
  if (unknown.length > 0) invalid.push(`unknown parameter${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (known: ${[...known].sort().join(', ')})`);

  const problems = [];
  if (missing.length > 0) {
    problems.push(
      `Missing deployment parameters: ${missing.join(', ')} — pass them with --param="name=value", e.g. ` +
        `npx serverless deploy --stage ${stage} --param="dataBucketName=my-connect-data" ` +
        `--param="agentEventStreamArn=arn:aws:kinesis:${region}:111122223333:stream/connect-agent-events"`,
    );
  }
  if (invalid.length > 0) problems.push(`Invalid deployment parameters: ${invalid.join('; ')}`);
  if (problems.length > 0) throw deploymentParamsError(problems.join('\n'));

  const corsOrigins = params.corsAllowedOrigins ? params.corsAllowedOrigins.split(',') : [];
  return {
    ...params,
    corsAllowedOrigins: corsOrigins,
    // The HTTP API answers preflights itself; without origins it sends no CORS headers at all.
    httpApiCors:
      corsOrigins.length === 0
        ? false
        : {
            allowedOrigins: corsOrigins,
            allowedHeaders: ['Content-Type', 'Authorization', 'X-Api-Key', 'Apollo-Require-Preflight', 'X-Apollo-Operation-Name', 'X-Request-Id', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256'],
            allowedMethods: ['GET', 'POST', 'OPTIONS'],
            exposedResponseHeaders: ['X-Request-Id', 'Retry-After'],
            maxAge: 600,
          },
    // The GraphQL function checks JWTs and API keys itself (AUTH_MODE); with IAM, API Gateway checks SigV4.
    // Empty settings are left out of the function's environment (null drops the variable).
    jwtIssuer: params.jwtIssuer || null,
    jwtAudience: params.jwtAudience || null,
    jwtJwksUrl: params.jwtJwksUrl || null,
    apiKeysSecretArn: params.apiKeysSecretArn || null,
    // Signed links (?link= on /reports, Authorization: Link) checked by the GraphQL function with the secret's HMAC key.
    signedLinks: params.signedLinkSecretArn ? '1' : null,
    signedLinkSecretArn: params.signedLinkSecretArn || null,
    lambdaAuthMode: params.apiAuthorization === 'jwt' || params.apiAuthorization === 'apikey' ? params.apiAuthorization : 'none',
    httpApiAuthorizer: params.apiAuthorization === 'iam' ? { type: 'aws_iam' } : null,
    lambdaInVpc: params.vpc ? 'true' : 'false',
    // The agent-events function's warm start (LIVE_STATE_BOOTSTRAP) and the Connect resources its role may read.
    liveStateBootstrap: params.liveStateBootstrapInstances ? '1' : '0',
    liveStateBootstrapInstances: params.liveStateBootstrapInstances || null,
    liveStateBootstrapResources: params.liveStateBootstrapInstances ? params.liveStateBootstrapInstances.split(',').flatMap((arn) => [arn, `${arn}/*`]) : [],
  };
};
