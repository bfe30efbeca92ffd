#!/usr/bin/env node
// First step of `npm test`: makes sure the two programs the tests need beyond node_modules are on
// this machine, the way `playwright install --with-deps` does for its browsers:
//   - Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH): the GraphiQL browser test (test/e2e);
//   - redis-server: the shared-cache and subscription fan-out tests (test/helpers/redis-server.ts).
// When something is missing and this is root on a machine with apt-get, it prints one line and
// installs it (with chromium's recommended packages: the fonts the screenshot was checked with).
// Otherwise it fails with the command to run. Nothing is done when both are present.
//
//   node scripts/test-prerequisites.cjs           check, install if needed (npm test runs this)
//   node scripts/test-prerequisites.cjs --check   only check: exit 1 with the command when something is missing
//
// CommonJS so that the unit test (test/unit/scripts/test-prerequisites.test.ts) can load
// planPrerequisites, the decision, without running apt-get.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Where redis-server is looked for besides PATH (as test/helpers/redis-server.ts does). */
const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin'];
const PREFIX = 'test prerequisites:';

/**
 * What to do, from what was found on the machine. Pure: no I/O.
 *
 * @param {object} found
 * @param {string | undefined} found.chromiumPathEnv  CHROMIUM_PATH, if set
 * @param {boolean} found.chromium      the chromium binary (CHROMIUM_PATH or /usr/bin/chromium) exists
 * @param {boolean} found.redisServer   redis-server is on PATH or in /usr/bin, /usr/sbin, /usr/local/bin
 * @param {boolean} found.aptGet        apt-get is available
 * @param {boolean} found.root          running as root (uid 0)
 * @param {boolean} found.sudo          sudo is available
 * @param {string}  found.platform      process.platform
 * @returns {{ action: 'none' | 'install' | 'fail', missing: string[], packages: string[], message: string, commands: string[][] }}
 *   `packages`: the Debian packages to install; `commands`: argv lists to run for 'install';
 *   `message`: the one line to print ('install') or the error ('fail').
 */
function planPrerequisites(found) {
  const customChromium = Boolean(found.chromiumPathEnv);
  const chromiumPath = customChromium ? found.chromiumPathEnv : DEFAULT_CHROMIUM;
  const missing = [];
  if (!found.chromium) missing.push(customChromium ? `chromium (CHROMIUM_PATH=${chromiumPath})` : 'chromium');
  if (!found.redisServer) missing.push('redis-server');
  const none = { action: 'none', missing, packages: [], message: '', commands: [] };
  if (missing.length === 0) return none;

  // Installing Debian's chromium puts it at /usr/bin/chromium, not at a CHROMIUM_PATH that does not exist.
  if (!found.chromium && customChromium) {
    return {
      ...none,
      action: 'fail',
      message: `${PREFIX} CHROMIUM_PATH=${chromiumPath} does not exist. Point CHROMIUM_PATH at a Chromium binary, or unset it to use Debian's (apt-get install -y chromium puts it at ${DEFAULT_CHROMIUM}).`,
    };
  }

  const packages = [...(found.chromium ? [] : ['chromium']), ...(found.redisServer ? [] : ['redis-server'])];
  const list = packages.join(' ');
  if (found.aptGet && found.root) {
    return {
      ...none,
      action: 'install',
      packages,
      message: `${PREFIX} installing ${list} with apt-get (missing on this machine)`,
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', ...packages],
      ],
    };
  }
  if (found.aptGet) {
    const sudo = found.sudo ? 'sudo ' : '';
    const command = `${sudo}apt-get update && ${sudo}apt-get install -y ${list}`;
    return {
      ...none,
      action: 'fail',
      packages,
      message: `${PREFIX} ${list} ${packages.length === 1 ? 'is' : 'are'} missing and only root can install ${packages.length === 1 ? 'it' : 'them'}. Run${found.sudo ? '' : ' as root'}:\n  ${command}\nthen npm test again.`,
    };
  }
  const howTo =
    found.platform === 'darwin'
      ? `  ${[...(found.chromium ? [] : ['brew install --cask chromium']), ...(found.redisServer ? [] : ['brew install redis'])].join(' && ')}` +
        (found.chromium ? '' : `\nand set CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium`)
      : `  install ${list} with this system's package manager${found.chromium ? '' : ' and set CHROMIUM_PATH to the Chromium binary'}` +
        `\n(on Debian or Ubuntu, as root: apt-get install -y ${list})`;
  return {
    ...none,
    action: 'fail',
    packages,
    message: `${PREFIX} ${list} ${packages.length === 1 ? 'is' : 'are'} missing and this machine has no apt-get to install ${packages.length === 1 ? 'it' : 'them'} with:\n${howTo}\nthen npm test again.`,
  };
}

/** True when `file` exists and is executable. */
function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when `name` is an executable on PATH (or in the extra folders). */
function onPath(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  return dirs.some((dir) => executable(path.join(dir, name)));
}

/** What this machine has. */
function inspectMachine() {
  const chromiumPathEnv = process.env.CHROMIUM_PATH || undefined;
  return {
    chromiumPathEnv,
    chromium: executable(chromiumPathEnv ?? DEFAULT_CHROMIUM),
    redisServer: onPath('redis-server', EXTRA_DIRS),
    aptGet: onPath('apt-get', ['/usr/bin', '/bin']),
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    sudo: onPath('sudo'),
    platform: process.platform,
  };
}

/** Runs the plan's commands quietly; on a failure prints the command's output and returns false. */
function install(plan) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const [command, ...args] of plan.commands) {
    const result = spawnSync(command, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
      console.error(`${PREFIX} '${[command, ...args].join(' ')}' failed (${result.error ? result.error.message : `exit ${result.status}`}). Install ${plan.packages.join(' ')} yourself and run npm test again.`);
      return false;
    }
  }
  return true;
}

function main() {
  const plan = planPrerequisites(inspectMachine());
  if (plan.action === 'none') return 0;
  if (plan.action === 'fail' || process.argv.includes('--check')) {
    console.error(plan.action === 'fail' ? plan.message : `${PREFIX} ${plan.packages.join(' ')} missing; npm test would install ${plan.packages.length === 1 ? 'it' : 'them'} with: ${plan.commands.map((c) => c.join(' ')).join(' && ')}`);
    return 1;
  }
  console.log(plan.message);
  if (!install(plan)) return 1;
  const after = planPrerequisites(inspectMachine());
  if (after.action !== 'none') {
    console.error(`${PREFIX} still missing after apt-get install: ${after.missing.join(', ')}`);
    return 1;
  }
  return 0;
}

module.exports = { planPrerequisites };

if (require.main === module) process.exitCode = main();
