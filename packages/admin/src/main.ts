#!/usr/bin/env node
// pcn-admin: `npm run admin -- <command>` in the workspace, `pcn-admin <command>` in the image.
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
// Exit now: a gRPC channel or socket closing in the background must not hold the answer back.
process.exit(code);
