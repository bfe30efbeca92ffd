/** Types of `deployment-params.js` (the `${file(./infra/deployment-params.js)}` variable source of serverless.yml). */

/** What serverless v3 passes to a JS variable-source function. */
interface VariableSourceContext {
  /** Resolves one variable, e.g. `'param:dataBucketName, null'`, `'sls:stage'`, `'self:provider.region'`. */
  resolveVariable(variable: string): Promise<unknown>;
  /** The CLI options; `param` holds the `--param` values (`name=value`). */
  readonly options?: { readonly param?: string | readonly string[] };
}

/** The resolved `custom.deployment` of serverless.yml. */
interface DeploymentParams {
  readonly stage: string;
  readonly region: string;
  readonly dataBucketName: string;
  readonly agentEventStreamArn: string;
  readonly ctrPrefix: string;
  readonly aePrefix: string;
  readonly cflPrefix: string;
  readonly clPrefix: string;
  readonly efPrefix: string;
  readonly glueDatabaseName: string;
  readonly athenaWorkgroupName: string;
  readonly agentStateTableName: string;
  /** Bytes. */
  readonly bytesScannedCutoffPerQuery: number;
  readonly athenaResultsRetentionDays: number;
  readonly parallelizationFactor: number;
  readonly logLevel: string;
  readonly apiAuthorization: 'iam' | 'jwt' | 'apikey' | 'none';
  /** With `jwt`: the tokens' issuer, audience and key set (null when not given). */
  readonly jwtIssuer: string | null;
  readonly jwtAudience: string | null;
  readonly jwtJwksUrl: string | null;
  /** With `apikey`: the Secrets Manager secret holding the API-key JSON (null when not given). */
  readonly apiKeysSecretArn: string | null;
  /** Empty: no CORS. */
  readonly corsAllowedOrigins: string[];
  /** `provider.httpApi.cors`: false without origins. */
  readonly httpApiCors:
    | false
    | { readonly allowedOrigins: string[]; readonly allowedHeaders: string[]; readonly allowedMethods: string[]; readonly exposedResponseHeaders: string[]; readonly maxAge: number };
  /** The GraphQL function's AUTH_MODE: `jwt` or `apikey` when it checks credentials itself, else `none`. */
  readonly lambdaAuthMode: 'none' | 'jwt' | 'apikey';
  readonly redisUrl: string | null;
  readonly dataKmsKeyArn: string;
  readonly agentEventStreamKmsKeyArn: string;
  /** `provider.vpc` when both vpcSubnetIds and vpcSecurityGroupIds are given, else null. */
  readonly vpc: { readonly subnetIds: string[]; readonly securityGroupIds: string[] } | null;
  /** Whether the functions run in a VPC, as the stack parameter LambdaInVpc. */
  readonly lambdaInVpc: 'true' | 'false';
  /** `LIVE_STATE_BOOTSTRAP` of the agent-events function: '1' when `liveStateBootstrapInstances` is given. */
  readonly liveStateBootstrap: '1' | '0';
  /** Comma-separated Connect instance ARNs the agent-events function warm starts at cold start; null when off. */
  readonly liveStateBootstrapInstances: string | null;
  /** The Connect resources the agent-events role may read for the warm start: each instance ARN and `<ARN>/*`; empty when off. */
  readonly liveStateBootstrapResources: string[];
  /** The httpApi events' `authorizer`, or null for a public API. */
  readonly httpApiAuthorizer: { readonly type: 'aws_iam' } | null;
}

/**
 * Reads, checks and completes the deployment parameters.
 * @throws Error naming every missing required parameter and every malformed value.
 */
declare function resolveDeploymentParams(context: VariableSourceContext): Promise<DeploymentParams>;

export = resolveDeploymentParams;
