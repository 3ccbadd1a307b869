import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');
const example = join(root, 'examples/hello-brief.adloom.json');

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(node, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<Done>((resolveDone) => child.on('close', (code) => resolveDone({ code, stdout, stderr })));
  return { child, done };
}

const adloom = (args: string[], cwd: string, env?: NodeJS.ProcessEnv) => start(args, cwd, env).done;

// biome-ignore lint/suspicious/noExplicitAny: a manifest read back as plain JSON
async function manifestOf(cwd: string): Promise<Record<string, any>> {
  const [runId] = await readdir(join(cwd, 'runs'));
  return JSON.parse(await readFile(join(cwd, 'runs', runId as string, 'manifest.json'), 'utf8'));
}

/** product → shout ("{{text}}!!!") → ad ("Ad for {{product}}"), with one node bypassed. */
function bypassGraph(bypassed: string) {
  const nodes: Record<string, { type: string; params: Record<string, unknown>; ui?: Record<string, unknown> }> = {
    product: { type: 'input.text', params: { name: 'product', default: 'Trailblazer 2' } },
    shout: { type: 'text.template', params: { template: '{{text}}!!!' } },
    ad: { type: 'text.template', params: { template: 'Ad for {{product}}' } },
  };
  (nodes[bypassed] as { ui?: Record<string, unknown> }).ui = { x: 0, y: 0, bypass: true };
  const edges = [
    { from: 'product.text', to: 'shout.text' },
    { from: 'shout.text', to: 'ad.product' },
  ];
  return { adloom: 1, name: 'Bypass', nodes, edges };
}

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adloom-cli-'));
});

describe('adloom run', () => {
  it('runs an example, prints progress per node and the run folder, and writes the manifest', async () => {
    const r = await adloom(['run', example, '--input', 'audience=city commuters'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Running "Hello brief": 5 nodes');
    expect(r.stdout).toMatch(/✓ brief .*Trailblazer 2 running shoes/);
    const manifest = await manifestOf(cwd);
    expect(r.stdout).toContain(`Run folder: ${join(cwd, 'runs', manifest.runId)}`);
    expect(manifest.status).toBe('succeeded');
    expect(manifest.inputs).toEqual({ audience: 'city commuters' });
    expect(manifest.nodes.brief.outputs.text).toBe(
      'Write ad copy for Trailblazer 2 running shoes, aimed at city commuters. Lead with this: it grips wet rock.',
    );
  });

  it('--json prints one typed event per line, run.started first and run.finished last', async () => {
    const r = await adloom(['run', example, '--json', '--no-cache'], cwd);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0].type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    expect(
      events
        .filter((e) => e.type === 'node.finished')
        .map((e) => e.nodeId)
        .sort(),
    ).toEqual(['audience', 'benefit', 'brief', 'feed', 'product']);
  });

  it('a re-run after --set recomputes only what the change reaches', async () => {
    await adloom(['run', example], cwd);
    const r = await adloom(['run', example, '--json', '--set', 'benefit.path=benefits[2]'], cwd);
    const finished = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'node.finished');
    const recomputed = finished
      .filter((e) => !e.cached)
      .map((e) => e.nodeId)
      .sort();
    expect(recomputed).toEqual(['benefit', 'brief']);
    expect(finished.find((e) => e.nodeId === 'brief').outputs.text).toContain('drains in seconds');
  });

  it('--only runs just the target and what it needs, into --out', async () => {
    const out = join(cwd, 'elsewhere');
    const r = await adloom(['run', example, '--only', 'benefit', '--out', out], cwd);
    expect(r.code).toBe(0);
    const [runId] = await readdir(out);
    const manifest = JSON.parse(await readFile(join(out, runId as string, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.nodes).sort()).toEqual(['benefit', 'feed']);
  });

  it('exits 2 naming the input, the param and the file on a bad command line, and runs nothing', async () => {
    const r = await adloom(['run', example, '--input', 'audiance=x', '--set', 'brief.tmpl=x', '--set', 'benefit.path=3'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown input "audiance" (did you mean "audience"?)');
    expect(r.stderr).toContain('--set "brief.tmpl": node "brief" (text.template) has no param "tmpl"');
    expect(r.stderr).toContain('param "path" must be a string, not 3');
    expect(r.stderr).toContain(example);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('exits 2 for a missing file, an unknown flag and a bad --concurrency', async () => {
    expect((await adloom(['run', 'nope.adloom.json'], cwd)).stderr).toContain(
      'cannot read graph file nope.adloom.json: no such file',
    );
    const flag = await adloom(['run', example, '--fast'], cwd);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--fast'");
    const conc = await adloom(['run', example, '--concurrency', '0'], cwd);
    expect(conc.code).toBe(2);
    expect(conc.stderr).toContain('--concurrency must be a whole number of at least 1');
  });

  it('exits 1 when a node fails, naming the node and the reason', async () => {
    const r = await adloom(['run', example, '--set', 'benefit.path=colours[0]'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ benefit failed: nothing at "colours[0]"');
    expect(r.stdout).toContain('- brief skipped: "benefit" failed');
    expect((await manifestOf(cwd)).status).toBe('failed');
  });

  it('[graph.B1] passes over a bypassed node: it does not run, its consumer gets its input, the manifest names it', async () => {
    const file = join(cwd, 'bypass.adloom.json');
    await writeFile(file, JSON.stringify(bypassGraph('shout')));
    const r = await adloom(['run', file, '--json', '--no-cache'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.some((e) => e.nodeId === 'shout')).toBe(false);
    const manifest = await manifestOf(cwd);
    expect(manifest.bypassed).toEqual(['shout']);
    expect(Object.keys(manifest.nodes).sort()).toEqual(['ad', 'product']);
    expect(manifest.nodes.ad.outputs.text).toBe('Ad for Trailblazer 2');
  });

  it('[graph.B2] exits 2 naming a bypassed node that has nothing to pass on, and runs nothing', async () => {
    const file = join(cwd, 'bypass.adloom.json');
    await writeFile(file, JSON.stringify(bypassGraph('product')));
    for (const command of ['run', 'validate']) {
      const r = await adloom([command, file], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'nodes.product.ui.bypass: error: node "product" (input.text) is bypassed, but nothing reaches it to pass on to "shout.text" (text)',
      );
    }
    expect(existsSync(join(cwd, 'runs'))).toBe(false);
  });

  it('reads --input NAME=@FILE from the file', async () => {
    await writeFile(join(cwd, 'audience.txt'), 'night owls');
    const r = await adloom(['run', example, '--input', 'audience=@audience.txt'], cwd);
    expect(r.code).toBe(0);
    expect((await manifestOf(cwd)).nodes.brief.outputs.text).toContain('aimed at night owls');
  });

  it('Ctrl-C stops within a second, exits 1, and leaves a cancelled manifest and no half-written file', async () => {
    const graph = join(cwd, 'slow.adloom.json');
    await writeFile(
      graph,
      JSON.stringify({ adloom: 1, name: 'Slow', nodes: { slow: { type: 'test.slowWrite', params: {} } }, edges: [] }),
    );
    const { child, done } = start(['run', graph, '--json'], cwd, {
      ADLOOM_PACKS: join(import.meta.dirname, 'fixtures/slow-pack.ts'),
    });
    await new Promise<void>((ready) => {
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('node.started')) ready();
      });
    });
    await new Promise((r) => setTimeout(r, 200)); // let the node write its half file
    const sent = performance.now();
    child.kill('SIGINT');
    const r = await done;
    expect(performance.now() - sent).toBeLessThan(1000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cancelling');
    const manifest = await manifestOf(cwd);
    expect(manifest.status).toBe('cancelled');
    expect(manifest.nodes.slow.status).toBe('cancelled');
    const tmp = join(cwd, '.adloom/artifacts/tmp');
    expect(existsSync(tmp) ? await readdir(tmp) : []).toEqual([]);
    expect((await readdir(join(cwd, 'runs', manifest.runId))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('adloom validate', () => {
  it('says a good graph is valid and exits 0', async () => {
    const r = await adloom(['validate', example], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is valid: 5 nodes, 4 edges');
  });

  it('lists every problem with the file, the node and the field, and exits 2', async () => {
    const file = join(cwd, 'broken.adloom.json');
    await writeFile(
      file,
      JSON.stringify({
        adloom: 1,
        name: 'Broken',
        nodes: {
          a: { type: 'input.text', params: { name: 'a', default: 3 } },
          b: { type: 'text.templat', params: {} },
          c: { type: 'text.template', params: { template: '{{x}}' } },
        },
        edges: [{ from: 'a.txt', to: 'c.x' }],
      }),
    );
    const r = await adloom(['validate', file], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${file}:nodes.a.params.default: error: node "a" (input.text): param "default" must be a string, not 3`,
    );
    expect(r.stderr).toContain('unknown type "text.templat" (did you mean "text.template"?)');
    expect(r.stderr).toContain('has no output "txt" (did you mean "text"?)');
    const json = await adloom(['validate', file, '--json'], cwd);
    const report = JSON.parse(json.stdout);
    expect(report.valid).toBe(false);
    expect(report.diagnostics.map((d: { nodeId?: string }) => d.nodeId)).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const file = join(cwd, 'syntax.adloom.json');
    await writeFile(file, '{\n  "adloom": 1,\n  "name": "x",,\n}\n');
    const r = await adloom(['validate', file], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3:`);
    expect(r.stderr).toContain('invalid JSON at line 3');
  });
});

describe('adloom nodes', () => {
  it('lists the catalog, as text and as JSON with params as JSON Schema', async () => {
    const text = await adloom(['nodes'], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('text.template');
    const json = JSON.parse((await adloom(['nodes', '--json'], cwd)).stdout);
    expect(json.nodes['json.pick'].params.properties.path.type).toBe('string');
    expect(json.nodes['text.template'].dynamicInputs).toEqual({ kind: 'placeholders', param: 'template', type: 'text' });
  });

  it('an unknown command exits 2 with the usage', async () => {
    const r = await adloom(['launch'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "launch"');
  });
});
