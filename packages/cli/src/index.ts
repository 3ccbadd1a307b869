export { loadRegistry } from './load-registry.ts';
export type { Io } from './main.ts';
export { main, USAGE } from './main.ts';
