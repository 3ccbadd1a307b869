import { fork } from 'node:child_process';
import type { EngineProcess, FromEngine, ToEngine } from './engine-protocol.ts';

/**
 * The engine child as a plain Node process (`child_process.fork`), adapted to the shape of
 * Electron's UtilityProcess: what tests drive, and a way to run the engine without Electron.
 */
export function forkEngine(modulePath: string, args: string[], env: NodeJS.ProcessEnv = process.env): EngineProcess {
  const child = fork(modulePath, args, { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env });
  const engine: EngineProcess = {
    postMessage(message: ToEngine) {
      if (child.connected) child.send(message);
    },
    on(event: 'message' | 'exit', listener: ((message: FromEngine) => void) | ((code: number | null) => void)) {
      if (event === 'message') child.on('message', listener as (message: FromEngine) => void);
      else child.on('exit', (code) => (listener as (code: number | null) => void)(code));
      return engine;
    },
    kill() {
      return child.kill();
    },
  };
  return engine;
}
