// Setup shared by `npm start` and `npm test`: pinned pnpm, dependencies, build, nats-server.
// Plain Node with no dependencies, since it runs before anything is installed. Each step is
// skipped when nothing it depends on has changed since it last succeeded.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PNPM_VERSION = '12.4.2';
const stateDir = join(root, '.pcn');
const toolsDir = join(root, '.tools');

export function say(message) {
  process.stdout.write(`\x1b[1m[setup]\x1b[0m ${message}\n`);
}

/** Stops with a message that says what is missing and how to get it. */
export function fail(message) {
  process.stderr.write(`\n\x1b[31m[setup] ${message}\x1b[0m\n\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
}

function output(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

function hashFiles(paths) {
  const hash = createHash('sha256');
  for (const p of paths.sort()) {
    hash.update(p);
    hash.update(existsSync(p) ? readFileSync(p) : Buffer.alloc(0));
  }
  return hash.digest('hex');
}

function walk(dir, keep, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, keep, out);
    else if (keep(name)) out.push(p);
  }
  return out;
}

function stamped(name, digest) {
  const file = join(stateDir, `${name}.stamp`);
  return existsSync(file) && readFileSync(file, 'utf8') === digest;
}

function stamp(name, digest) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, `${name}.stamp`), digest);
}

function workspaceDirs() {
  return ['packages', 'services'].flatMap((top) =>
    existsSync(join(root, top)) ? readdirSync(join(root, top)).map((d) => join(root, top, d)) : [],
  );
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(
      `Node.js ${process.versions.node} is too old: PCN needs Node.js 20.19 or newer (https://nodejs.org).`,
    );
}

/** The pinned pnpm: the one on PATH if it is that version, else a private copy in .tools/. */
function ensurePnpm() {
  if (output('pnpm', ['--version']) === PNPM_VERSION) return 'pnpm';
  const local = join(toolsDir, 'node_modules', '.bin', 'pnpm');
  if (existsSync(local) && output(local, ['--version']) === PNPM_VERSION) return local;
  say(`installing pnpm ${PNPM_VERSION} into .tools/`);
  mkdirSync(toolsDir, { recursive: true });
  if (!existsSync(join(toolsDir, 'package.json')))
    writeFileSync(join(toolsDir, 'package.json'), '{"private":true}\n');
  const res = run('npm', [
    'install',
    '--prefix',
    toolsDir,
    '--save-exact',
    '--no-audit',
    '--no-fund',
    `pnpm@${PNPM_VERSION}`,
  ]);
  if (res.status !== 0 || !existsSync(local))
    fail(
      `Could not install pnpm ${PNPM_VERSION} with npm. Install it yourself: npm install -g pnpm@${PNPM_VERSION}`,
    );
  return local;
}

function installDependencies(pnpm) {
  const inputs = [
    join(root, 'pnpm-lock.yaml'),
    join(root, 'pnpm-workspace.yaml'),
    join(root, 'package.json'),
    ...workspaceDirs().map((d) => join(d, 'package.json')),
  ];
  const digest = `${hashFiles(inputs)}:${process.versions.node}:${PNPM_VERSION}`;
  if (stamped('install', digest) && existsSync(join(root, 'node_modules'))) return digest;
  say('installing dependencies (pnpm install --frozen-lockfile)');
  const env = { ...process.env, npm_config_build_from_source: 'true' };
  // better-sqlite3 compiles against Node's own headers instead of downloading them.
  if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  const res = run(pnpm, ['install', '--frozen-lockfile'], { env });
  if (res.status !== 0)
    fail(
      'pnpm install failed. better-sqlite3 builds from source: it needs python3, make and a C++ compiler ' +
        '(Debian: apt-get install python3 make g++). See the output above.',
    );
  stamp('install', digest);
  return digest;
}

function build(pnpm, installDigest) {
  const inputs = [
    join(root, 'tsconfig.base.json'),
    join(root, 'tsconfig.json'),
    ...workspaceDirs().flatMap((d) => [
      ...['tsconfig.json', 'tsconfig.build.json', 'tsconfig.spec.json']
        .map((n) => join(d, n))
        .filter((f) => existsSync(f)),
      ...walk(join(d, 'src'), (n) => n.endsWith('.ts')),
    ]),
  ];
  // Dependencies are part of what a build is made of: a new lockfile rebuilds.
  const digest = `${hashFiles(inputs)}:${installDigest}`;
  // The production build only: each package's tsconfig.build.json leaves tests out of dist/;
  // `npm test` type-checks the tests too (tsc -b on the root tsconfig.json).
  const projects = workspaceDirs()
    .map((d) => join(d, 'tsconfig.build.json'))
    .filter((f) => existsSync(f));
  const built = projects.every((f) => existsSync(join(dirname(f), 'dist')));
  if (stamped('build', digest) && built) return;
  say('building (tsc -b)');
  const res = run(pnpm, ['exec', 'tsc', '-b', ...projects]);
  if (res.status !== 0) fail('The TypeScript build failed; see the errors above.');
  stamp('build', digest);
}

/**
 * Installs a Debian package with apt-get when this is root on a Debian-like system; returns
 * whether apt-get said it was installed (false when it could not try).
 */
export function aptInstall(pkg, why) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = output('sh', ['-c', 'command -v apt-get']) !== undefined;
  if (!isRoot || !hasApt) return false;
  say(`installing ${pkg} with apt-get (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run('apt-get', ['update', '-qq'], { env });
  const install = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { env });
  return update.status === 0 && install.status === 0;
}

function ensureNatsServer() {
  const version = output('nats-server', ['--version']);
  if (version) return version;
  if (aptInstall('nats-server', 'the message broker')) {
    const installed = output('nats-server', ['--version']);
    if (installed) return installed;
  }
  fail(
    'nats-server is required and was not found on PATH.\n' +
      '  Debian/Ubuntu: sudo apt-get install nats-server\n' +
      '  Elsewhere: download a release from https://github.com/nats-io/nats-server/releases and put it on PATH.',
  );
}

/** Everything both commands need; returns the pnpm to use. */
export function setup() {
  checkNode();
  // Checked first, so a missing broker is reported before minutes of installing.
  const nats = ensureNatsServer();
  const pnpm = ensurePnpm();
  build(pnpm, installDependencies(pnpm));
  say(`ready (node ${process.versions.node}, pnpm ${PNPM_VERSION}, ${nats})`);
  return { pnpm };
}
