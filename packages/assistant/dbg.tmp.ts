import { offlineModel, runTurn, summarizeRun } from '@adloom/assistant';
import { runGraph } from '@adloom/engine';
import { builtInRegistry } from './test/built-in-registry.ts';

const registry = await builtInRegistry();
const catalog = registry.catalog();
const r = await runTurn({
  message: 'six TikTok variants for the kayak launch, 15 s videos, energetic, and a landing page for each',
  graph: { adloom: 1, name: 'U', nodes: {}, edges: [] },
  catalog,
  model: offlineModel(),
});
r.graph.nodes.video!.params = { ...r.graph.nodes.video!.params, duration: 2, width: 270, height: 480 };
const run = await runGraph(r.graph, { registry, workDir: '/tmp/as', cache: false });
console.log(summarizeRun(run));
