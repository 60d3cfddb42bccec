// Checks on infra/deploy/Dockerfile (the one image of every PCN process) and its .dockerignore.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { deployDir, repoRoot } from './kubernetes.test-helper.js';
import { SECRET_NAME } from './service-env.test-helper.js';

export const readDockerfile = () => readFileSync(join(deployDir, 'Dockerfile'), 'utf8');
export const readDockerignore = () =>
  readFileSync(join(deployDir, 'Dockerfile.dockerignore'), 'utf8');

/** What must never be in the build context: local state, data and anything secret. */
const IGNORED = ['.git', '**/node_modules', '.pcn', '.env', '**/.env', '**/*.pem', '**/*.key'];
/** File names that hold secrets; no COPY or ADD may name one. */
const SECRET_FILE = /(^|\/)(\.env(\..*)?|.*\.(pem|key|p12|pfx)|id_rsa.*|\.npmrc)$/;

/** The pnpm version `npm start` pins (infra/local/setup.mjs). */
function pinnedPnpm(): string | undefined {
  const setup = readFileSync(join(repoRoot, 'infra', 'local', 'setup.mjs'), 'utf8');
  return /PNPM_VERSION = '([^']+)'/.exec(setup)?.[1];
}

export function dockerfileViolations(dockerfile: string, dockerignore: string): string[] {
  const out: string[] = [];
  const parsed = DockerfileParser.parse(dockerfile);
  const stages: Instruction[][] = [];
  for (const i of parsed.getInstructions()) {
    if (i.getKeyword() === 'FROM') stages.push([]);
    stages.at(-1)?.push(i);
  }
  const stageNames = new Set(parsed.getFROMs().map((f) => f.getBuildStage()));
  for (const from of parsed.getFROMs()) {
    const image = from.getImageName();
    if (image && stageNames.has(image)) continue;
    const tag = from.getImageTag();
    const digest = from.getImageDigest();
    // A tag with a full version (20.20.2-bookworm-slim) or a digest, never a moving name.
    if (!digest && !/^\d+\.\d+\.\d+/.test(tag ?? ''))
      out.push(`FROM ${image}:${tag ?? ''}: pin the base image to a full version or a digest`);
  }

  const final = stages.at(-1) ?? [];
  const user = final
    .filter((i) => i.getKeyword() === 'USER')
    .at(-1)
    ?.getArgumentsContent();
  if (!user || /^(root|0)(:|$)/.test(user)) out.push('the final stage must run as a non-root USER');
  const nodeEnv = final
    .filter((i) => i.getKeyword() === 'ENV')
    .some((i) => /\bNODE_ENV=production\b/.test(i.getArgumentsContent() ?? ''));
  if (!nodeEnv) out.push('the final stage must set NODE_ENV=production');
  const entrypoint = final.find((i) => i.getKeyword() === 'ENTRYPOINT')?.getArgumentsContent();
  // `exec` makes node PID 1's child-less successor, so SIGTERM reaches it and shutdown is graceful.
  if (!entrypoint?.includes('exec node'))
    out.push('ENTRYPOINT must exec node, so signals reach it');

  for (const i of parsed.getInstructions()) {
    const keyword = i.getKeyword();
    const args = i.getArguments().map((a) => a.getValue());
    if (keyword === 'ENV' || keyword === 'ARG')
      for (const a of args) {
        const name = a.split('=')[0] ?? '';
        if (SECRET_NAME.test(name))
          out.push(`${keyword} ${name}: a secret never goes into an image`);
      }
    if (keyword === 'COPY' || keyword === 'ADD') {
      if (/--from=/.test(i.getTextContent())) continue;
      const sources = args.slice(0, -1);
      for (const s of sources)
        if (SECRET_FILE.test(s)) out.push(`${keyword} ${s}: secret files never go into an image`);
      if (sources.includes('.')) {
        const ignored = new Set(dockerignore.split('\n').map((l) => l.trim()));
        for (const p of IGNORED)
          if (!ignored.has(p)) out.push(`COPY . copies ${p}: add it to Dockerfile.dockerignore`);
      }
    }
  }

  const runs = parsed
    .getInstructions()
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => i.getArgumentsContent() ?? '');
  if (!runs.some((r) => /pnpm install [^&]*--frozen-lockfile/.test(r)))
    out.push(
      'the build must install with pnpm install --frozen-lockfile (the lockfile, as tested)',
    );
  const copiesLockfile = stages[0]?.some(
    (i) =>
      i.getKeyword() === 'COPY' &&
      /(^|\s)(\.|pnpm-lock\.yaml)(\s|$)/.test(i.getArgumentsContent() ?? ''),
  );
  if (!copiesLockfile) out.push('the build stage must copy pnpm-lock.yaml before installing');
  const pnpm = runs.map((r) => /pnpm@(\S+)/.exec(r)?.[1]).find(Boolean);
  if (pnpm !== pinnedPnpm())
    out.push(`the image installs pnpm ${pnpm ?? '(unpinned)'}, the project pins ${pinnedPnpm()}`);
  return out;
}
