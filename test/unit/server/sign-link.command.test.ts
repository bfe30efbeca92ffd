import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSignedLinkSigner } from '../../../src/server/graphql/auth/signed-link';
import { runSignLinkCommand } from '../../../src/server/sign-link.command';

const SECRET = 'sign-link-command-secret-0123456789abcdef';
const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e';
const NOW_MS = Date.parse('2026-12-06T08:00:00Z');

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runSignLinkCommand(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, env, NOW_MS);
  return { code, stdout, stderr };
}

describe('npm run sign-link', () => {
  it('prints a link the server verifies, with the given scopes, instance and TTL', async () => {
    const { code, stdout } = await run(['--scopes', 'live:read,metrics:read', '--ttl', '8h', '--instance', INSTANCE, '--principal', 'lobby-tv', '--base-url', 'https://board.example.com/'], { SIGNED_LINK_SECRET: SECRET });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { token: string; expiresAt: string; url: string };
    expect(printed.expiresAt).toBe('2026-12-06T16:00:00.000Z');
    expect(printed.url).toBe(`https://board.example.com/wallboard#link=${printed.token}`);
    const principal = createSignedLinkSigner(SECRET).verify(printed.token, NOW_MS);
    expect(principal).toMatchObject({ id: 'link:lobby-tv', method: 'link', instances: { kind: 'instances', instanceArns: [INSTANCE] } });
    expect([...principal.scopes].sort()).toEqual(['live:read', 'metrics:read']);
  });

  it('reads the secret from SIGNED_LINK_SECRET_FILE', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sign-link-')), 'secret');
    fs.writeFileSync(file, `${SECRET}\n`);
    const { code, stdout } = await run(['--ttl', '30m'], { SIGNED_LINK_SECRET_FILE: file });
    expect(code).toBe(0);
    expect(createSignedLinkSigner(SECRET).verify((JSON.parse(stdout) as { token: string }).token, NOW_MS).id).toBe('link:wallboard');
  });

  it.each([
    [['--scopes', 'live:read,admin'], { SIGNED_LINK_SECRET: SECRET }, /a link may carry only the scopes live:read, metrics:read, contacts:read; refused: admin/],
    [['--scopes', 'everything'], { SIGNED_LINK_SECRET: SECRET }, /--scopes: unknown scope everything/],
    [['--ttl', '2d'], { SIGNED_LINK_SECRET: SECRET }, /the link TTL must be 1 to 86400 seconds/],
    [['--ttl', 'soon'], { SIGNED_LINK_SECRET: SECRET }, /--ttl: soon is not a duration/],
    [['--instance', 'instance-1'], { SIGNED_LINK_SECRET: SECRET }, /instances must be Connect instance ARNs/],
    [[], {}, /SIGNED_LINK_SECRET: is required/],
    [[], { SIGNED_LINK_SECRET_FILE: '/nonexistent/secret' }, /SIGNED_LINK_SECRET_FILE: cannot read \/nonexistent\/secret \(ENOENT\)/],
    [['--colour', 'red'], { SIGNED_LINK_SECRET: SECRET }, /Unknown option '--colour'/],
  ] as const)('refuses %j (exit 2, saying why)', async (argv, env, message) => {
    const { code, stdout, stderr } = await run([...argv], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
