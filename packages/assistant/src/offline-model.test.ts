import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type NodeRegistry, runGraph } from '@adloom/engine';
import { applyGraphOps, type Catalog, type GraphFile, loadGraphText, validateGraph } from '@adloom/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../test/built-in-registry.ts';
import { offlineModel } from './offline-model.ts';
import { runTurn } from './turn.ts';

let registry: NodeRegistry;
let catalog: Catalog;
const empty = (): GraphFile => ({ adloom: 1, name: 'Untitled', nodes: {}, edges: [] });
const example = async (name: string) => {
  const text = await readFile(resolve(import.meta.dirname, `../../../examples/${name}.adloom.json`), 'utf8');
  return loadGraphText(text).graph as GraphFile;
};

beforeAll(async () => {
  registry = await builtInRegistry();
  catalog = registry.catalog();
});

const ask = (message: string, graph: GraphFile = empty()) => runTurn({ message, graph, catalog, model: offlineModel() });

interface Manifest {
  artifacts: {
    node: string;
    mime: string;
    file: string;
    width?: number;
    height?: number;
    durationSec?: number;
    lineageKey: string;
  }[];
}

describe('the offline assistant', () => {
  it('turns the kayak brief into a valid graph that runs offline: 6 variants, 15 s TikTok videos, a page each', async () => {
    const brief = 'six TikTok variants for the kayak launch, 15 s videos, energetic, and a landing page for each';
    const turn = await ask(brief);
    expect(turn.status, turn.message).toBe('done');
    expect(turn.message).toMatch(/^Offline assistant \(recipes and patterns, not a language model\)/);
    expect(turn.message).toContain(
      'Understood: product "kayak", 6 variants, TikTok, 15 s videos, tone energetic, a landing page per variant.',
    );
    expect(turn.message).not.toContain('Did not understand');
    expect(turn.message).toContain('Assumed: the link https://example.com/kayak, as none was given');
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    const { nodes } = turn.graph;
    expect(nodes.copy?.params).toMatchObject({ platform: 'tiktok', tone: 'energetic' });
    expect(nodes.video?.params).toMatchObject({ duration: 15, format: '9:16' });
    expect(nodes.fit?.params).toEqual({ presets: ['tiktok-9x16'] });

    // The same graph at a small video size and length, so the run stays quick on 2 cores.
    const quick = applyGraphOps(
      turn.graph,
      [{ op: 'setParams', id: 'video', params: { duration: 2, width: 270, height: 480 } }],
      catalog,
    );
    if (!quick.ok) throw new Error(quick.refusal.message);
    const workDir = await mkdtemp(join(tmpdir(), 'adloom-assist-'));
    const run = await runGraph(quick.graph, { registry, workDir, cache: false });
    expect(run.status).toBe('succeeded');
    const manifest = JSON.parse(await readFile(join(run.outDir, 'manifest.json'), 'utf8')) as Manifest;
    const of = (node: string) => manifest.artifacts.filter((a) => a.node === node);
    const videos = of('video').filter((a) => a.mime === 'video/mp4');
    expect(videos).toHaveLength(6);
    expect(new Set(videos.map((v) => v.lineageKey)).size).toBe(6);
    expect(videos.every((v) => v.width === 270 && v.height === 480 && Math.abs((v.durationSec ?? 0) - 2) < 0.1)).toBe(true);
    expect(of('overlay').every((a) => a.width === 1080 && a.height === 1920)).toBe(true);
    const pages = of('page');
    expect(pages).toHaveLength(6);
    for (const page of pages) expect((await readFile(join(run.outDir, page.file), 'utf8')).toLowerCase()).toContain('kayak');
    const variants = JSON.parse(await readFile(join(run.outDir, 'export/variants.json'), 'utf8'));
    expect(variants.variants).toHaveLength(6);
  });

  it('asks for the product when the brief names none, and changes nothing', async () => {
    const turn = await ask('three Reels variants, 10 s, playful');
    expect(turn.status).toBe('question');
    expect(turn.message).toMatch(/^Which product is this for/);
    expect(turn.message).toContain('3 variants, Instagram Reels, 10 s videos, tone playful');
    expect(turn.graph.nodes).toEqual({});
  });

  it('says what it did not understand, and what it can do', async () => {
    const turn = await ask('write me a sonnet about the sea');
    expect(turn.status).toBe('done');
    expect(turn.message).toContain('I did not understand "write me a sonnet about the sea"');
    expect(turn.message).toContain('I can:');
    const partly = await ask('4 Meta feed ads for the Trailblazer 2 launch, with a budget of $500 and weekly reporting');
    expect(partly.status).toBe('done');
    expect(partly.message).toContain('Did not understand, so left out: "with a budget of $500", "weekly reporting"');
    expect(validateGraph(partly.graph, catalog)).toEqual([]);
  });

  it('edits an example: changes only the params the request names, every other node unchanged', async () => {
    const graph = await example('tiktok-launch');
    const turn = await ask('make it 4 variants, 10 second videos, calm tone', graph);
    expect(turn.status, turn.message).toBe('done');
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    const changed = turn.diff.nodesChanged.map(
      (c) => `${c.id}: ${c.params.map((p) => `${p.param}=${JSON.stringify(p.to)}`).join(' ')}`,
    );
    // 4 variants = 2 copies x the 2 images the example already makes.
    expect(changed.sort()).toEqual(['copy: count=2 tone="calm"', 'video: duration=10']);
    expect(turn.diff.nodesAdded).toEqual([]);
    expect(turn.diff.nodesRemoved).toEqual([]);
    expect(turn.diff.edgesAdded).toEqual([]);
  });

  it('adds landing pages to an example and removes its video', async () => {
    const graph = await example('tiktok-launch');
    const turn = await ask('add a landing page for each variant and drop the video', graph);
    expect(turn.status, turn.message).toBe('done');
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    expect(turn.diff.nodesAdded).toEqual([{ id: 'page', type: 'page.landing' }]);
    expect(turn.diff.nodesRemoved).toEqual([{ id: 'video', type: 'video.assemble' }]);
    expect(turn.graph.edges).toContainEqual({ from: 'page.page', to: 'export.pages' });
  });

  it('answers what a node does, and that there is no run to explain yet', async () => {
    const graph = await example('tiktok-launch');
    const about = await ask('what does the fit node do?', graph);
    expect(about.message).toContain('image.fit — Fit to formats');
    expect(about.ops).toEqual([]);
    const why = await ask('why did the last run fail?', graph);
    expect(why.message).toContain('There is no run in this conversation to explain yet');
  });

  it.each([
    'what does the node copy do',
    'what does node copy do?',
    'What does "copy" do?',
    "what does 'copy' do",
    'what does the Ad copy node do?',
    'explain the ad copy node',
    'What does this node do?\n\n(Selected in the editor: copy)',
  ])('answers about the node a question names by id, quoted or by its title: %s', async (question) => {
    const turn = await ask(question, await example('tiktok-launch'));
    expect(turn.message).toContain('"copy" is a node of type llm.adCopy in this graph.');
    expect(turn.message).toContain('llm.adCopy — Ad copy');
    expect(turn.ops).toEqual([]);
  });

  it('builds a whole brief typed on a graph as a new pipeline below its nodes, changing none of them', async () => {
    const graph = await example('tiktok-launch');
    const turn = await ask('Make 3 TikTok ads for our running shoe, 9:16, with a headline and a button', graph);
    expect(turn.status, turn.message).toBe('done');
    expect(turn.message).toContain(
      'Understood: product "running shoe", 3 variants, TikTok, 9:16, a headline and a button on each image.',
    );
    expect(turn.message).toContain('Assumed: a new pipeline, as the request names a whole one');
    expect(turn.message).toMatch(/Did: built a pipeline of \d+ nodes below the nodes already there: brief2, copy2, /);
    expect(turn.message).not.toContain('Did not understand');
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    expect(turn.diff.nodesChanged).toEqual([]);
    expect(turn.diff.nodesRemoved).toEqual([]);
    expect(turn.graph.name).toBe(graph.name);
    for (const [id, node] of Object.entries(graph.nodes)) expect(turn.graph.nodes[id], id).toEqual(node);
    const added = turn.diff.nodesAdded.map((n) => n.id);
    expect(turn.graph.nodes.brief2?.params).toMatchObject({ name: 'brief2', default: 'running shoe' });
    expect(turn.graph.nodes.copy2?.params).toMatchObject({ platform: 'tiktok', count: 3 });
    expect(turn.graph.nodes.fit2?.params).toEqual({ presets: ['tiktok-9x16'] });
    // In free space: every new node lower than the lowest node there was.
    const lowest = Math.max(...Object.values(graph.nodes).map((n) => n.ui?.y ?? 0));
    for (const id of added) expect(turn.graph.nodes[id]?.ui?.y, id).toBeGreaterThan(lowest);
  });

  it('still reads a change without a whole brief on a graph as an edit of its nodes', async () => {
    const turn = await ask('make it 4 TikTok ads', await example('tiktok-launch'));
    expect(turn.diff.nodesAdded).toEqual([]);
    expect(turn.graph.nodes.copy?.params?.count).toBe(2);
  });

  it('asks before a run that would call a paid provider, with the estimated cost, and runs nothing unapproved', async () => {
    const graph = await example('tiktok-launch');
    let ran = false;
    const asked: string[] = [];
    const turn = await runTurn({
      message: 'switch to openai and run it',
      graph,
      catalog,
      model: offlineModel(),
      run: async () => {
        ran = true;
        throw new Error('must not run');
      },
      confirmOutsideCalls: async (_calls, question) => {
        asked.push(question);
        return false;
      },
    });
    expect(ran).toBe(false);
    const lines = (asked[0] ?? '').split('\n');
    expect(lines[0]).toBe('This run would call outside providers, which may cost money:');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^• node "copy" \(llm\.adCopy\): OpenAI gpt-4o-mini, 3 requests each time it runs, about \$0\.\d{4}[;.]$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^• node "images" \(image\.generate\): OpenAI, 2 requests each time it runs, cost not known in advance[;.]$/,
      ),
    );
    expect(lines.at(-2)).toBe('In all: not known in advance; the provider bills what it counts.');
    expect(lines.at(-1)).toBe('Run it?');
    // Where line breaks are lost (a panel that wraps text), each node's part still ends in a separator.
    expect((asked[0] ?? '').replace(/\s*\n\s*/g, ' ')).not.toMatch(/[\w)] (?:•|In all|Run it)/);
    expect(turn.message).toMatch(/not run: the person did not approve/);
    // Without anyone to ask, the turn ends with the question itself.
    const unattended = await runTurn({
      message: 'switch to openai and run it',
      graph,
      catalog,
      model: offlineModel(),
      run: async () => {
        ran = true;
        throw new Error('must not run');
      },
    });
    expect(ran).toBe(false);
    expect(unattended.status).toBe('question');
    expect(unattended.message).toMatch(/^This run would call outside providers, which may cost money/);
    expect(unattended.graph).toBe(graph);
  });
});

describe('the graph as the model reads it', () => {
  it('a 24-node pipeline reads in under 700 tokens (chars / 4), under a third of its file', async () => {
    const { graphToText, serializeGraph } = await import('@adloom/graph');
    const turn = await ask(
      'TikTok, Reels, Stories, Shorts and Meta feed variants for the kayak launch, 15 s videos, landing pages',
    );
    expect(Object.keys(turn.graph.nodes)).toHaveLength(24);
    const text = graphToText(turn.graph, catalog);
    expect(text.length / 4).toBeLessThan(700);
    expect(text.length).toBeLessThan(serializeGraph(turn.graph).length / 3);
  });
});
