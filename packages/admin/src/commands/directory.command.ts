import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { operator } from '@pcn/contracts';
import { InvalidArgumentError } from '@pcn/platform';
import type { Command } from 'commander';
import {
  listedProblems,
  MAX_DIRECTORY_FILE_BYTES,
  parseDirectoryFile,
} from '../app/directory-file.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { operatorApi } from '../infra/operator-client.js';
import { emit, formatTable } from '../output.js';
import type { CommandContext } from './command-context.js';

/** Changes listed for people; `--json` lists them all. */
const LISTED_CHANGES = 100;

/** The file's bytes; one past the limit at most, so a huge file is never read whole. */
async function readBounded(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new CliError(
      `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      ExitCode.Usage,
    );
  }
  try {
    const buffer = Buffer.alloc(MAX_DIRECTORY_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Standard input, bounded the same way: `-` lets `kubectl exec -i … < file` send a local file. */
async function readStdinBounded(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    length += bytes.length;
    // One byte past the limit is enough for the refusal; the rest is not kept.
    if (length > MAX_DIRECTORY_FILE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

function summary(res: operator.ImportDirectoryResponse) {
  const counts = (c: operator.DirectoryImportCounts | undefined) => ({
    created: c?.created ?? 0,
    updated: c?.updated ?? 0,
    unchanged: c?.unchanged ?? 0,
  });
  return {
    dryRun: res.dryRun,
    changed: res.changes.length > 0,
    units: counts(res.units),
    organizations: counts(res.organizations),
    spokespersons: counts(res.spokespersons),
    changes: res.changes,
  };
}

/** `directory import`: the network's units, organizations and spokespersons, from a file. */
export function registerDirectory(program: Command, ctx: CommandContext): void {
  const directory = program
    .command('directory')
    .description(
      'the directory of the network: administrative units, organizations, spokespersons',
    );

  directory
    .command('import')
    .description(
      'load or update the directory from a JSON file (layout: README, infra/deploy/directory.example.json); records are upserted by id, all or nothing, never deleted',
    )
    .argument('<file>', 'the directory file (JSON, UTF-8); - reads standard input')
    .option('--dry-run', 'check the file and report what would change; write nothing')
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const dryRun = options.dryRun === true;
      const path = resolve(ctx.io.cwd, file);
      const refused = (violations: readonly { field: string; description: string }[]) => {
        const listed = listedProblems(violations);
        ctx.exitCode = ExitCode.Failed;
        emit(ctx.io, ctx.json, { refused: true, dryRun, problems: listed }, () =>
          `Refused: ${file} has ${violations.length === listed.length ? violations.length : 'many'} problem(s); nothing was written.\n`.concat(
            listed.map((v) => `  ${v.field}: ${v.description}\n`).join(''),
          ),
        );
      };
      let records;
      try {
        records = parseDirectoryFile(
          file === '-' ? await readStdinBounded(ctx.io.stdin) : await readBounded(path),
        );
      } catch (err) {
        if (err instanceof InvalidArgumentError) return refused(err.violations);
        throw err;
      }
      const client = operatorApi(ctx.config.GATEWAY_ADMIN_GRPC_ADDRESS, ctx.config.OPERATOR_SECRET);
      let res: operator.ImportDirectoryResponse;
      try {
        res = await client.importDirectory({ ...records, dryRun });
      } catch (err) {
        if (err instanceof InvalidArgumentError) return refused(err.violations);
        throw err;
      } finally {
        client.close();
      }
      const result = summary(res);
      ctx.logger.info(
        {
          dryRun,
          changes: result.changes.length,
          units: result.units,
          organizations: result.organizations,
          spokespersons: result.spokespersons,
        },
        dryRun ? 'directory file checked' : 'directory imported',
      );
      emit(ctx.io, ctx.json, result, () => {
        const table = formatTable(
          ['RECORDS', 'CREATED', 'UPDATED', 'UNCHANGED'],
          (['units', 'organizations', 'spokespersons'] as const).map((k) => [
            k,
            result[k].created,
            result[k].updated,
            result[k].unchanged,
          ]),
        );
        const changes = result.changes
          .slice(0, LISTED_CHANGES)
          .map((c) => `  ${c.action} ${c.kind} ${c.id}\n`)
          .join('')
          .concat(
            result.changes.length > LISTED_CHANGES
              ? `  … and ${result.changes.length - LISTED_CHANGES} more (--json lists them all)\n`
              : '',
          );
        const head = !result.changed
          ? 'No changes: the directory already matches the file.\n'
          : dryRun
            ? 'Dry run: the file is valid; nothing was written. It would make these changes:\n'
            : 'Directory imported:\n';
        return head.concat(changes, table);
      });
    });
}
