import { describe, expect, it } from 'vitest';
import {
  dockerfileViolations,
  readDockerfile,
  readDockerignore,
} from './dockerfile.test-helper.js';

const check = (dockerfile: string, ignore = readDockerignore()) =>
  dockerfileViolations(dockerfile, ignore);

describe('infra/deploy/Dockerfile', () => {
  it('pins its base, runs as non-root, copies no secret and builds from the lockfile', () => {
    expect(check(readDockerfile())).toEqual([]);
  });

  it('a moving base image fails', () => {
    const d = readDockerfile().replace(
      /node:20\.\d+\.\d+-bookworm-slim$/m,
      'node:20-bookworm-slim',
    );
    expect(check(d)).toEqual([
      'FROM node:20-bookworm-slim: pin the base image to a full version or a digest',
    ]);
    expect(
      check(readDockerfile().replace(/FROM node:\S+ AS build/, 'FROM node:latest AS build')),
    ).toEqual(['FROM node:latest: pin the base image to a full version or a digest']);
  });

  it('running as root fails', () => {
    expect(check(readDockerfile().replace(/^USER node$/m, 'USER root'))).toContain(
      'the final stage must run as a non-root USER',
    );
    expect(check(readDockerfile().replace(/^USER node\n/m, ''))).toContain(
      'the final stage must run as a non-root USER',
    );
  });

  it('a secret copied or set in the image fails, and so does a context that would carry one', () => {
    const d = readDockerfile().replace(
      /^COPY \. \.$/m,
      'COPY . .\nCOPY .env /app/.env\nARG NPM_TOKEN\nENV JWT_SECRET=abc',
    );
    expect(check(d)).toEqual(
      expect.arrayContaining([
        'COPY .env: secret files never go into an image',
        'ARG NPM_TOKEN: a secret never goes into an image',
        'ENV JWT_SECRET: a secret never goes into an image',
      ]),
    );
    const ignore = readDockerignore().replace(/^\*\*\/\*\.pem$/m, '');
    expect(check(readDockerfile(), ignore)).toEqual([
      'COPY . copies **/*.pem: add it to Dockerfile.dockerignore',
    ]);
  });

  it('a build that ignores the lockfile fails', () => {
    const d = readDockerfile().replace('pnpm install --frozen-lockfile', 'pnpm install');
    expect(check(d)).toEqual([
      'the build must install with pnpm install --frozen-lockfile (the lockfile, as tested)',
    ]);
  });
});
