// The worker side of run-check.ts: parses and validates a run request away from the thread
// that answers requests.
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '@adloom/graph';
import { checkRunRequest } from './run-request-check.ts';

const catalog = (workerData as { catalog: Catalog }).catalog;

parentPort?.on('message', ({ id, text }: { id: number; text: string }) => {
  parentPort?.postMessage({ id, answer: checkRunRequest(text, catalog) });
});
