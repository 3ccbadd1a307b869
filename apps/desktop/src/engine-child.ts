/**
 * The engine's process: loads the node packs, then runs graphs with the host service's RunHub and
 * reports every event to main. Started by Electron's utilityProcess in the app, and by a plain
 * `child_process.fork` under Node (tests), so it speaks to whichever parent it has.
 *
 *   engine-child --workspace DIR
 */
import { parseArgs } from 'node:util';
import { RunHub } from '@adloom/host/service';
import type { FromEngine, ToEngine } from './engine-protocol.ts';
import { loadNodePacks } from './node-packs.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromEngine): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: ToEngine) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as ToEngine));
  else process.on('message', (message) => listener(message as ToEngine));
}

if (!parentPort && !process.send) {
  console.error('engine-child runs as a child of the Adloom app (utilityProcess or fork with IPC)');
  process.exit(2);
}
// A forked engine leaves with its parent.
if (!parentPort) process.on('disconnect', () => process.exit(0));

// The whole argv: Electron's utilityProcess and Node's fork place the arguments differently.
const { values } = parseArgs({
  args: process.argv,
  options: { workspace: { type: 'string' } },
  strict: false,
  allowPositionals: true,
});
const workspace = typeof values.workspace === 'string' ? values.workspace : process.cwd();

let registry: Awaited<ReturnType<typeof loadNodePacks>>;
try {
  registry = await loadNodePacks(workspace);
} catch (error) {
  send({ type: 'load-failed', message: (error as Error).message });
  process.exit(1);
}

const hub = new RunHub(registry, workspace, () => process.env);

onMessage((message) => {
  switch (message.type) {
    case 'start': {
      let runId: string;
      try {
        // The secrets and provider settings are this run's environment only; the hub keeps none.
        runId = hub.start(message.run.graph, {
          graphPath: message.run.graphPath,
          inputs: message.run.inputs,
          only: message.run.only,
          noCache: message.run.noCache,
          readFolders: message.run.readFolders,
          env: message.env,
        });
      } catch (error) {
        send({ type: 'start-failed', requestId: message.requestId, message: (error as Error).message });
        return;
      }
      send({ type: 'started', requestId: message.requestId, runId });
      hub.subscribe(runId, (event) => send({ type: 'event', event }));
      break;
    }
    case 'cancel':
      hub.cancel(message.runId);
      break;
    case 'stop':
      hub.cancelAll();
      setTimeout(() => process.exit(0), 50);
      break;
  }
});

send({ type: 'ready', catalog: registry.catalog(), packs: [...registry.packs] });
