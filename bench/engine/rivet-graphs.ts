import { type Project, runGraph } from '@ironclad/rivet-node';

interface RivetNode {
  type: 'text';
  id: string;
  title: string;
  visualData: { x: number; y: number };
  data: { text: string };
}

interface RivetConnection {
  outputNodeId: string;
  outputId: string;
  inputNodeId: string;
  inputId: string;
}

function textNode(id: string, text: string): RivetNode {
  return { type: 'text', id, title: 'Text', visualData: { x: 0, y: 0 }, data: { text } };
}

function link(from: string, to: string): RivetConnection {
  return { outputNodeId: from, outputId: 'output', inputNodeId: to, inputId: 'input' };
}

function projectOf(nodes: RivetNode[], connections: RivetConnection[]): Project {
  const project = {
    metadata: { id: 'bench', title: 'bench', description: '', mainGraphId: 'main' },
    graphs: { main: { metadata: { id: 'main', name: 'main' }, nodes, connections } },
  };
  // Rivet's ids are branded strings; plain ones are what its loader produces too.
  return project as unknown as Project;
}

/** N Text nodes `{{input}}.`, each fed by the previous one (the first holds `start`). */
export function rivetChain(n: number): Project {
  const nodes: RivetNode[] = [];
  const connections: RivetConnection[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(textNode(`t${i}`, i ? '{{input}}.' : 'start'));
    if (i > 0) connections.push(link(`t${i - 1}`, `t${i}`));
  }
  return projectOf(nodes, connections);
}

/** A `start` Text node feeding N Text nodes `{{input}}.`: N + 1 nodes. */
export function rivetFanOut(n: number): Project {
  const nodes: RivetNode[] = [textNode('src', 'start')];
  const connections: RivetConnection[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(textNode(`t${i}`, '{{input}}.'));
    connections.push(link('src', `t${i}`));
  }
  return projectOf(nodes, connections);
}

export type RivetOutcome = { ok: true; ms: number; cpuMs: number } | { ok: false; ms: number; error: string };

/**
 * Runs a project's main graph once and checks that every node finished. Rivet's deep-chain
 * stack overflow escapes its promise (it resolves, then throws from p-queue), so errors
 * thrown anywhere in the process while it runs count as its failure.
 */
export async function runRivet(project: Project, expectedNodes: number, { countNodes = false } = {}): Promise<RivetOutcome> {
  const stray: unknown[] = [];
  const onStray = (error: unknown) => stray.push(error);
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
  let finished = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let ms = 0;
  let cpuMs = 0;
  try {
    await runGraph(project, {
      graph: 'main',
      ...(countNodes ? { onNodeFinish: () => finished++ } : {}),
    });
    ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuMs = (cpu.user + cpu.system) / 1000;
    // Give an escaped error the turn it needs to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } catch (error) {
    ms = performance.now() - t0;
    stray.push(error);
  } finally {
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
  }
  if (stray.length) return { ok: false, ms, error: describe(stray[0]) };
  if (countNodes && finished !== expectedNodes) {
    return { ok: false, ms, error: `only ${finished} of ${expectedNodes} nodes finished` };
  }
  return { ok: true, ms, cpuMs };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
