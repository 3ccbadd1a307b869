import { GraphInvalidError } from '@adloom/engine';
import { formatDiagnostic } from '@adloom/graph';
import { assistCommand } from './assist-command.ts';
import { checkCommand } from './check-command.ts';
import { enqueueCommand } from './enqueue-command.ts';
import { jobsCommand } from './jobs-command.ts';
import { nodesCommand } from './nodes-command.ts';
import { packsCommand } from './packs-command.ts';
import { runCommand } from './run-command.ts';
import { serveCommand } from './serve-command.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { validateCommand } from './validate-command.ts';
import { workerCommand } from './worker-command.ts';

export const USAGE = `Usage:
  adloom run GRAPH [--input NAME=VALUE|NAME=@FILE]... [--set NODE.PARAM=VALUE]... [--out DIR]
                   [--only NODE]... [--concurrency N] [--no-cache] [--json] [--verbose]
  adloom validate GRAPH [--json]
  adloom nodes [--json]
  adloom packs [--json]
  adloom serve [--port N] [--host H] [--workspace DIR] [--open] [--redis URL] [--queue NAME]
  adloom check RUN_DIR [--platform tiktok|meta|google] [--json] [--verbose]
  adloom assist [GRAPH] "REQUEST" [--out FILE] [--yes] [--run] [--provider offline|openai] [--model M] [--json]
  adloom worker [--redis URL] [--concurrency N] [--workspace DIR] [--queue NAME] [--provider-limit NAME=N]...
  adloom enqueue GRAPH [--input ...] [--set ...] [--id ID] [--priority N] [--wait] [--json]
  adloom jobs [ID] [--json]  |  adloom jobs cancel ID

Exit codes: 0 success, 1 the run failed or was cancelled, 2 the graph or the command line is invalid.`;

export interface Io {
  stdout: { write(text: string): void; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): void };
  signal?: AbortSignal;
}

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr };

/** Runs the `adloom` command with its arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case 'nodes':
        return await nodesCommand(rest, io);
      case 'packs':
        return await packsCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'assist':
        return await assistCommand(rest, io);
      case 'worker':
        return await workerCommand(rest, io);
      case 'enqueue':
        return await enqueueCommand(rest, io);
      case 'jobs':
        return await jobsCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT.invalid : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof GraphInvalidError) {
      for (const d of error.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
      return EXIT.invalid;
    }
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`adloom: ${(error as Error).message}\n`);
      if (!(error instanceof UsageError)) io.stderr.write(`${USAGE}\n`);
      return EXIT.invalid;
    }
    io.stderr.write(`adloom: ${verbose ? ((error as Error).stack ?? String(error)) : (error as Error).message}\n`);
    if (!verbose) io.stderr.write('(run again with --verbose for details)\n');
    return EXIT.runFailed;
  }
}
