import fs from 'node:fs/promises';
import { ConfigError, type AuthConfig } from '../../../config/env';
import { readSecretString } from '../../../state/secret-string.reader';
import { createApiKeyAuthenticator, parseApiKeyFile } from './api-keys';
import { anonymousAuthenticator, type Authenticator } from './authenticator';
import { createJwtAuthenticator } from './jwt';

/** What the authenticator is built with besides the auth configuration. */
export interface AuthenticatorEnvironment {
  /** `NODE_ENV`: production refuses plain-http JWKS URLs off loopback. */
  readonly nodeEnv: string;
  /** Region of the key secret when its id is a name, not an ARN (`AWS_REGION`). */
  readonly awsRegion: string;
}

/** The text of the API key file or secret, and its name for error messages. */
async function readApiKeySource(auth: AuthConfig, awsRegion: string): Promise<{ text: string; source: string }> {
  const { file, secretId } = auth.apiKeys;
  if (file) {
    try {
      return { text: await fs.readFile(file, 'utf8'), source: file };
    } catch (error) {
      throw new ConfigError([`AUTH_API_KEYS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set it to the JSON key file`]);
    }
  }
  if (secretId) {
    const source = `secret ${secretId}`;
    try {
      return { text: await readSecretString(secretId, awsRegion), source };
    } catch (error) {
      throw new ConfigError([`AUTH_API_KEYS_SECRET_ID: cannot read ${source} from Secrets Manager (${(error as Error).message}); check the id and the role's secretsmanager:GetSecretValue permission`]);
    }
  }
  throw new ConfigError(['AUTH_API_KEYS_FILE: is required when AUTH_MODE=apikey (or set AUTH_API_KEYS_SECRET_ID)']);
}

/**
 * The authenticator of `AUTH_MODE`, ready to use: the key file (or secret) read and validated, or
 * the JWKS fetched once. Call it at start-up so a configuration problem stops the process.
 * @throws ConfigError with a message naming the variable, file or entry to fix.
 */
export async function createAuthenticator(auth: AuthConfig, environment: AuthenticatorEnvironment): Promise<Authenticator> {
  switch (auth.mode) {
    case 'none':
      return anonymousAuthenticator;
    case 'apikey': {
      const { text, source } = await readApiKeySource(auth, environment.awsRegion);
      return createApiKeyAuthenticator(parseApiKeyFile(text, source));
    }
    case 'jwt':
      return createJwtAuthenticator(auth, environment.nodeEnv);
  }
}
