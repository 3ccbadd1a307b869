import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeChatServer, startFakeChatServer, streamed } from '../../assistant/test/fake-chat-server.ts';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');

function adloom(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(node, [bin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) => done({ code, stdout, stderr })),
  );
}

const KAYAK = 'six TikTok variants for the kayak launch, 15 s videos, energetic, and a landing page for each';
let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adloom-assist-cli-'));
});

describe('adloom assist', () => {
  it('builds a graph from a brief, prints what it understood and the diff, and writes --out', async () => {
    const r = await adloom(['assist', KAYAK, '--out', 'kayak.adloom.json'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Understood: product "kayak", 6 variants, TikTok, 15 s videos, tone energetic, a landing page per variant.',
    );
    expect(r.stdout).toContain('· edit_graph: 30 changes proposed');
    expect(r.stdout).toContain('  + node video (video.assemble)');
    expect(r.stdout).toContain('Wrote kayak.adloom.json');
    const check = await adloom(['validate', 'kayak.adloom.json'], cwd);
    expect(check.stdout).toContain('kayak.adloom.json is valid: 11 nodes');
  });

  it('never replaces a different existing --out file without --yes', async () => {
    await writeFile(join(cwd, 'taken.adloom.json'), 'keep me');
    const refused = await adloom(['assist', KAYAK, '--out', 'taken.adloom.json'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--out taken.adloom.json exists and differs from the result; add --yes to replace it');
    expect(await readFile(join(cwd, 'taken.adloom.json'), 'utf8')).toBe('keep me');
    const replaced = await adloom(['assist', KAYAK, '--out', 'taken.adloom.json', '--yes'], cwd);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(await readFile(join(cwd, 'taken.adloom.json'), 'utf8')).nodes.video.params.duration).toBe(15);
  });

  it('edits GRAPH only with --yes; without it prints the proposal and leaves the file byte for byte', async () => {
    const file = join(cwd, 'tiktok.adloom.json');
    await copyFile(join(root, 'examples/tiktok-launch.adloom.json'), file);
    const before = await readFile(file, 'utf8');
    const dry = await adloom(['assist', file, 'calm tone, 10 second videos'], cwd);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('~ copy.tone: "energetic" → "calm"');
    expect(dry.stdout).toContain('~ video.duration: 15 → 10');
    expect(dry.stdout).toContain(`Nothing written: add --yes to save the changes to ${file}`);
    expect(await readFile(file, 'utf8')).toBe(before);
    const wet = await adloom(['assist', file, 'calm tone, 10 second videos', '--yes'], cwd);
    expect(wet.code).toBe(0);
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(after.nodes.copy.params.tone).toBe('calm');
    expect(after.nodes.video.params.duration).toBe(10);
    expect(after.nodes.overlay).toEqual(JSON.parse(before).nodes.overlay);
  });

  it('exits 1 with its question when the brief names no product, and 2 on a bad command line', async () => {
    const question = await adloom(['assist', 'three Reels variants, 10 s', '--out', 'x.adloom.json'], cwd);
    expect(question.code).toBe(1);
    expect(question.stderr).toMatch(/^adloom assist: Which product is this for/);
    const badProvider = await adloom(['assist', KAYAK, '--provider', 'magic'], cwd);
    expect(badProvider.code).toBe(2);
    expect(badProvider.stderr).toContain('--provider must be one of offline, openai, not "magic"');
    const noRequest = await adloom(['assist'], cwd);
    expect(noRequest.code).toBe(2);
    const missing = await adloom(['assist', 'nope.adloom.json', 'calm tone'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read graph file nope.adloom.json: no such file');
  });

  it('--json prints the event stream, one event a line', async () => {
    const r = await adloom(['assist', KAYAK, '--json'], cwd);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.type)).toEqual(['tool', 'text', 'proposal', 'done']);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'done' });
    expect(events[2].diff.nodesAdded).toHaveLength(11);
  });

  it('--run runs the result as adloom run would and prints the run folder', async () => {
    const r = await adloom(
      ['assist', '3 Meta feed variants for the Trailblazer launch', '--out', 'meta.adloom.json', '--run'],
      cwd,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Run succeeded');
    const folder = /Run folder: (.+)/.exec(r.stdout)?.[1] as string;
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
    const overlays = manifest.artifacts.filter((a: { node: string }) => a.node.startsWith('overlay-meta-'));
    // 3 variants, each fitted to Meta 1:1 and 4:5.
    expect(overlays.map((a: { width: number; height: number }) => `${a.width}x${a.height}`).sort()).toEqual([
      '1080x1080',
      '1080x1080',
      '1080x1080',
      '1080x1350',
      '1080x1350',
      '1080x1350',
    ]);
  });
});

describe('adloom assist --budget', () => {
  it('refuses a run estimated over the budget, in the turn and with --run, and exits 1 without running', async () => {
    const graph = JSON.parse(await readFile(join(root, 'examples/landing-ab.adloom.json'), 'utf8'));
    graph.nodes.copy.params.provider = 'openai';
    await writeFile(join(cwd, 'ab.adloom.json'), JSON.stringify(graph));
    const inTurn = await adloom(['assist', 'ab.adloom.json', 'run it', '--budget', '0.0001', '--yes'], cwd);
    expect(inTurn.stdout).toContain("not run: the estimated cost, about $0.0009, is over this turn's budget of $0.0001");
    const after = await adloom(
      ['assist', 'ab.adloom.json', 'calm tone', '--out', 'calm.adloom.json', '--run', '--budget', '$0.0001', '--yes'],
      cwd,
    );
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(
      "adloom assist: not run: the estimated cost, about $0.0009, is over this turn's budget of $0.0001",
    );
    expect(after.stdout).not.toContain('Run folder');
    const bad = await adloom(['assist', 'ab.adloom.json', 'calm tone', '--budget', 'lots'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--budget must be an amount of US dollars of 0 or more, such as 0.05, got "lots"');
  });
});

describe('adloom assist --provider openai', () => {
  let server: FakeChatServer;
  beforeAll(async () => {
    server = await startFakeChatServer();
  });
  afterAll(() => server.close());

  it('works through a chat-completions server named by OPENAI_BASE_URL, sending it the key', async () => {
    server.reply(
      streamed('', [
        {
          name: 'edit_graph',
          arguments: {
            ops: [
              { op: 'addNode', id: 'brief', type: 'input.text', params: { name: 'brief', default: 'Kayak' } },
              { op: 'addNode', id: 'copy', type: 'llm.adCopy', params: { count: 2 } },
              { op: 'connect', from: 'brief.text', to: 'copy.brief' },
            ],
          },
        },
      ]),
      streamed('Two copies for the kayak.'),
    );
    const r = await adloom(
      ['assist', 'two copies for a kayak', '--provider', 'openai', '--model', 'local-model', '--out', 'o.adloom.json'],
      cwd,
      {
        OPENAI_BASE_URL: server.baseUrl,
        OPENAI_API_KEY: 'sk-local',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Two copies for the kayak.');
    expect(server.requests[0]?.body.model).toBe('local-model');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-local');
    expect(Object.keys(JSON.parse(await readFile(join(cwd, 'o.adloom.json'), 'utf8')).nodes)).toEqual(['brief', 'copy']);
  });
});
