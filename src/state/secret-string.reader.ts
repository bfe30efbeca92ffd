import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The region of a secret: the one in its ARN (`arn:aws:secretsmanager:<region>:…`), else `fallbackRegion`.
 * A secret named by ARN is read in its own region whatever AWS_REGION says.
 */
export function secretRegion(secretId: string, fallbackRegion: string): string {
  const match = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId);
  return match?.[1] ?? fallbackRegion;
}

/**
 * Reads the string value of a Secrets Manager secret (its current version), e.g. the API key file
 * of `AUTH_API_KEYS_SECRET_ID`. The client lives for this one call: secrets are read at start-up.
 * @throws Error naming the secret when it cannot be read or holds a binary value.
 */
export async function readSecretString(secretId: string, region: string): Promise<string> {
  const client = new SecretsManagerClient({ region: secretRegion(secretId, region), maxAttempts: 3 });
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (typeof answer.SecretString !== 'string') throw new Error(`secret ${secretId} has no string value (a binary secret?); store the JSON as a string`);
    return answer.SecretString;
  } finally {
    client.destroy();
  }
}
