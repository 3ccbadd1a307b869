import { Worker } from 'node:worker_threads';
import type { Catalog, GraphFile } from '@adloom/graph';
import type { StartRunBody } from '../requests.ts';

export type RunCheckAnswer =
  | { ok: true; body: StartRunBody & { graph: GraphFile } }
  | { ok: false; status: number; error: string; issues?: unknown };

/** Running from the repository's sources (src/*.ts) rather than the build (dist/*.js). */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The heap the checker may use: a graph file that needs more is refused, the host lives on. */
const CHECKER_HEAP_MB = 1024;

/**
 * Parses and validates run requests (`POST /api/runs` bodies) in a worker thread. A 100,000-node graph takes
 * seconds to validate; on the host's own thread that would stop every other request (the
 * editor's polling, other users' runs) for as long. A body that exhausts the worker's heap
 * ends the worker, not the host; the next check starts a new one.
 */
export class RunChecker {
  private worker: Worker | undefined;
  private readonly catalog: Catalog;
  private readonly pending = new Map<number, (answer: RunCheckAnswer) => void>();
  private nextId = 0;

  constructor(catalog: Catalog) {
    this.catalog = catalog;
  }

  check(text: string): Promise<RunCheckAnswer> {
    const worker = this.worker ?? this.startWorker();
    const id = this.nextId++;
    return new Promise((answer) => {
      this.pending.set(id, answer);
      worker.ref();
      worker.postMessage({ id, text });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL(`./run-check-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url), {
      workerData: { catalog: this.catalog },
      // A thread does not inherit the module hooks that make a checkout run its sources.
      ...(FROM_SOURCES ? { execArgv: ['--conditions=adloom-source'] } : {}),
      resourceLimits: { maxOldGenerationSizeMb: CHECKER_HEAP_MB },
    });
    // An idle checker must not keep the process alive.
    worker.unref();
    worker.on('message', ({ id, answer }: { id: number; answer: RunCheckAnswer }) => {
      this.pending.get(id)?.(answer);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (error?: Error) => {
      if (this.worker === worker) this.worker = undefined;
      const outOfMemory = (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const answer: RunCheckAnswer = outOfMemory
        ? { ok: false, status: 413, error: `the graph is too large to check within the checker's ${CHECKER_HEAP_MB} MB` }
        : { ok: false, status: 500, error: `the graph checker stopped${error ? `: ${error.message}` : ''}` };
      for (const reply of this.pending.values()) reply(answer);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail());
    this.worker = worker;
    return worker;
  }
}
