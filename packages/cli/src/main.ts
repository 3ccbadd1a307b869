import type { Diagnostic } from '@adloom/graph';
import { EXIT, UsageError } from './usage-error.ts';

type Command = (args: readonly string[], io: Io) => Promise<number>;

/**
 * Each command's module, loaded when that command runs: `adloom validate` or `adloom help` must
 * not wait for the queue's Redis client, the HTTP server or every pack's image library.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.ts')).runCommand,
  validate: async () => (await import('./validate-command.ts')).validateCommand,
  nodes: async () => (await import('./nodes-command.ts')).nodesCommand,
  packs: async () => (await import('./packs-command.ts')).packsCommand,
  serve: async () => (await import('./serve-command.ts')).serveCommand,
  check: async () => (await import('./check-command.ts')).checkCommand,
  assist: async () => (await import('./assist-command.ts')).assistCommand,
  worker: async () => (await import('./worker-command.ts')).workerCommand,
  enqueue: async () => (await import('./enqueue-command.ts')).enqueueCommand,
  jobs: async () => (await import('./jobs-command.ts')).jobsCommand,
};

/** The engine's GraphInvalidError, known by its name so that reading it loads no engine. */
function graphDiagnostics(error: unknown): Diagnostic[] | undefined {
  const candidate = error as { name?: unknown; diagnostics?: unknown };
  return candidate?.name === 'GraphInvalidError' && Array.isArray(candidate.diagnostics)
    ? (candidate.diagnostics as Diagnostic[])
    : undefined;
}

export const USAGE = `Usage:
  adloom run GRAPH [--input NAME=VALUE|NAME=@FILE]... [--set NODE.PARAM=VALUE]... [--out DIR]
                   [--only NODE]... [--concurrency N] [--no-cache] [--json] [--verbose]
  adloom validate GRAPH [--json]
  adloom nodes [--json]
  adloom packs [--json]
  adloom serve [--port N] [--host H] [--workspace DIR] [--open] [--redis URL] [--queue NAME]
  adloom check RUN_DIR [--platform tiktok|meta|google] [--json] [--verbose]
  adloom assist [GRAPH] "REQUEST" [--out FILE] [--yes] [--run] [--provider offline|openai] [--model M]
                   [--budget USD] [--json]
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
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return command === undefined ? EXIT.invalid : EXIT.ok;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}"`);
    return await (await load())(rest, io);
  } catch (error) {
    const diagnostics = graphDiagnostics(error);
    if (diagnostics) {
      const { formatDiagnostic } = await import('@adloom/graph');
      for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
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
