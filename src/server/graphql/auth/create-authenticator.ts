import fs from 'node:fs/promises';
import { ConfigError, type AuthConfig } from '../../../config/env';
import { readSecretString } from '../../../state/secret-string.reader';
import { createApiKeyAuthenticator, parseApiKeyFile } from './api-keys';
import { anonymousAuthenticator, type Authenticator } from './authenticator';
import { createJwtAuthenticator } from './jwt';
import { createSignedLinkSigner, withSignedLinks, type SignedLinkSigner } from './signed-link';

/** What the authenticator is built with besides the auth configuration. */
export interface AuthenticatorEnvironment {
  /** `NODE_ENV`: production refuses plain-http JWKS URLs off loopback. */
  readonly nodeEnv: string;
  /** Region of the key secret when its id is a name, not an ARN (`AWS_REGION`). */
  readonly awsRegion: string;
  /** The signer of signed links when the caller has made it already (so the secret is read once); undefined: made here. */
  readonly linkSigner?: SignedLinkSigner;
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
 * The signer of `SIGNED_LINKS=1` with its secret read (SIGNED_LINK_SECRET, _FILE or _ID, in that
 * order); undefined when signed links are off.
 * @throws ConfigError when the secret cannot be read or is shorter than 32 bytes.
 */
export async function createSignedLinkSignerOf(auth: AuthConfig, awsRegion: string): Promise<SignedLinkSigner | undefined> {
  const links = auth.signedLinks;
  if (!links?.enabled) return undefined;
  let secret = links.secret;
  if (secret === undefined && links.secretFile) {
    try {
      secret = (await fs.readFile(links.secretFile, 'utf8')).trim();
    } catch (error) {
      throw new ConfigError([`SIGNED_LINK_SECRET_FILE: cannot read ${links.secretFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
    }
  } else if (secret === undefined && links.secretId) {
    try {
      secret = (await readSecretString(links.secretId, awsRegion)).trim();
    } catch (error) {
      throw new ConfigError([`SIGNED_LINK_SECRET_ID: cannot read secret ${links.secretId} from Secrets Manager (${(error as Error).message})`]);
    }
  }
  if (secret === undefined) throw new ConfigError(['SIGNED_LINK_SECRET: is required when SIGNED_LINKS=1 (or SIGNED_LINK_SECRET_FILE / SIGNED_LINK_SECRET_ID)']);
  try {
    return createSignedLinkSigner(secret, links.maxTtlSeconds);
  } catch (error) {
    throw new ConfigError([`SIGNED_LINK_SECRET: ${(error as Error).message}`]);
  }
}

/**
 * The authenticator of `AUTH_MODE`, ready to use: the key file (or secret) read and validated, or
 * the JWKS fetched once; with `SIGNED_LINKS=1` (and a mode other than none) it also accepts
 * `Authorization: Link <token>`. Call it at start-up so a configuration problem stops the process.
 * @throws ConfigError with a message naming the variable, file or entry to fix.
 */
export async function createAuthenticator(auth: AuthConfig, environment: AuthenticatorEnvironment): Promise<Authenticator> {
  const base = await createModeAuthenticator(auth, environment);
  // AUTH_MODE=none: everyone is the anonymous principal already; a link would only narrow nothing.
  if (base.mode === 'none') return base;
  const signer = environment.linkSigner ?? (await createSignedLinkSignerOf(auth, environment.awsRegion));
  return signer === undefined ? base : withSignedLinks(base, signer);
}

async function createModeAuthenticator(auth: AuthConfig, environment: AuthenticatorEnvironment): Promise<Authenticator> {
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
