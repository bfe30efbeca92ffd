import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The decision of scripts/test-prerequisites.cjs (the first step of `npm test`), tested without running apt-get. */
interface Found {
  chromiumPathEnv?: string;
  chromium: boolean;
  redisServer: boolean;
  aptGet: boolean;
  root: boolean;
  sudo: boolean;
  platform: string;
}
interface Plan {
  action: 'none' | 'install' | 'fail';
  missing: string[];
  packages: string[];
  message: string;
  commands: string[][];
}

const SCRIPT = path.resolve(__dirname, '../../../scripts/test-prerequisites.cjs');
const { planPrerequisites } = createRequire(__filename)(SCRIPT) as { planPrerequisites: (found: Found) => Plan };

const debianRoot: Found = { chromium: true, redisServer: true, aptGet: true, root: true, sudo: false, platform: 'linux' };

describe('test prerequisites (scripts/test-prerequisites.cjs)', () => {
  it('does nothing when chromium and redis-server are there', () => {
    expect(planPrerequisites(debianRoot)).toEqual({ action: 'none', missing: [], packages: [], message: '', commands: [] });
    expect(planPrerequisites({ ...debianRoot, aptGet: false, root: false, chromiumPathEnv: '/opt/chromium/chrome' }).action).toBe('none');
  });

  it('as root with apt-get: installs what is missing, announced in one line, with chromium’s recommended packages', () => {
    const both = planPrerequisites({ ...debianRoot, chromium: false, redisServer: false });
    expect(both.action).toBe('install');
    expect(both.packages).toEqual(['chromium', 'redis-server']);
    expect(both.message).toBe('test prerequisites: installing chromium redis-server with apt-get (missing on this machine)');
    expect(both.message).not.toContain('\n');
    expect(both.commands).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'chromium', 'redis-server'],
    ]);
    // CI checked the screenshot with chromium's recommended packages (fonts): never --no-install-recommends.
    expect(both.commands.flat()).not.toContain('--no-install-recommends');

    const redisOnly = planPrerequisites({ ...debianRoot, redisServer: false });
    expect(redisOnly.packages).toEqual(['redis-server']);
    expect(redisOnly.commands[1]).toEqual(['apt-get', 'install', '-y', '-qq', 'redis-server']);
    expect(redisOnly.message).toBe('test prerequisites: installing redis-server with apt-get (missing on this machine)');

    expect(planPrerequisites({ ...debianRoot, chromium: false }).packages).toEqual(['chromium']);
  });

  it('not root: fails with the exact command, with sudo when there is sudo', () => {
    const withSudo = planPrerequisites({ ...debianRoot, root: false, sudo: true, chromium: false, redisServer: false });
    expect(withSudo.action).toBe('fail');
    expect(withSudo.commands).toEqual([]);
    expect(withSudo.message).toContain('sudo apt-get update && sudo apt-get install -y chromium redis-server');

    const withoutSudo = planPrerequisites({ ...debianRoot, root: false, redisServer: false });
    expect(withoutSudo.message).toContain('Run as root:\n  apt-get update && apt-get install -y redis-server');
    expect(withoutSudo.message).not.toContain('chromium');
  });

  it('no apt-get: fails saying what to install (Homebrew commands on macOS)', () => {
    const mac = planPrerequisites({ ...debianRoot, aptGet: false, root: false, platform: 'darwin', chromium: false, redisServer: false });
    expect(mac.action).toBe('fail');
    expect(mac.message).toContain('brew install --cask chromium && brew install redis');
    expect(mac.message).toContain('CHROMIUM_PATH=');

    const other = planPrerequisites({ ...debianRoot, aptGet: false, platform: 'linux', redisServer: false });
    expect(other.action).toBe('fail');
    expect(other.message).toContain('install redis-server with this system');
    expect(other.message).toContain('apt-get install -y redis-server');
    expect(other.message).not.toContain('CHROMIUM_PATH');
  });

  it('a CHROMIUM_PATH that does not exist is an error, not a reason to apt-get install chromium', () => {
    const plan = planPrerequisites({ ...debianRoot, chromiumPathEnv: '/opt/nowhere/chrome', chromium: false });
    expect(plan.action).toBe('fail');
    expect(plan.commands).toEqual([]);
    expect(plan.message).toContain('CHROMIUM_PATH=/opt/nowhere/chrome does not exist');
  });

  it('--check only reports: exit 0 with both present, else exit 1 naming what is missing, and never installs', () => {
    // An empty PATH hides redis-server only if it is not in /usr/bin etc.; a CHROMIUM_PATH that does not exist is always missing.
    const run = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CHROMIUM_PATH=/nonexistent/chromium does not exist');
    expect(run.stdout).toBe('');
  });
});
