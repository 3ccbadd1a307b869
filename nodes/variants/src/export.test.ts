import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyOf, failureOf, graphOf, makeWorkDir, run, writePng } from '../test/kit.ts';
import { GOOGLE_ADS_EDITOR_COLUMNS } from './google-ads-csv.ts';

const TRICKY = 'Run "fast", go far';

interface VariantsJson {
  experimentId: string;
  hypothesis?: string;
  design: string | null;
  seed: number | null;
  control: string;
  factors: {
    name: string;
    levels: { id: string; copy?: { headline: string }; text?: string; path?: string; sha256?: string }[];
  }[];
  variants: {
    id: string;
    weight: number;
    control: boolean;
    levels: Record<string, string>;
    copy?: { headline: string };
    assets: {
      image?: { path: string; sha256: string };
      images: { path: string; sha256: string; width: number }[];
      pages: { path: string; sha256: string }[];
    };
    utm: Record<string, string>;
    url?: string;
    checks: { platform: string; field: string; length: number; limit: number; ok: boolean }[];
  }[];
  limits: { ok: boolean; failures: { variant: string; platform: string; field: string; length: number; limit: number }[] };
  warnings: string[];
}

/** Two copies (one with a comma and quotes) × two images → split → finished images and pages → export. */
async function exportGraph(
  workDir: string,
  exportParams: Record<string, unknown> = {},
  copies = [copyOf(TRICKY), copyOf('Light')],
) {
  return graphOf(
    {
      copies: ['test.copies', { copies }],
      red: ['input.image', { name: 'red', default: await writePng(join(workDir, 'red.png'), '#cc2200') }],
      blue: ['input.image', { name: 'blue', default: await writePng(join(workDir, 'blue.png'), '#0033cc') }],
      split: ['variants.split', { hypothesis: 'Speed sells', control: 'c2-i1' }],
      finish: ['test.finish'],
      pages: ['test.pages'],
      export: ['variants.export', { finalUrl: 'https://shop.example/spring?ref=ad', utmSource: 'meta', ...exportParams }],
    },
    [
      'copies.copies -> split.copies',
      'red.image -> split.images',
      'blue.image -> split.images',
      'split.variants -> finish.variant',
      'split.variants -> pages.variants',
      'split.variants -> export.variants',
      'split.experiment -> export.experiment',
      'finish.image -> export.images',
      'pages.pages -> export.pages',
    ],
  );
}

async function exported(workDir: string, graph: ReturnType<typeof graphOf>) {
  const result = await run(graph, workDir);
  expect(result.manifest.nodes.export?.error).toBeUndefined();
  const out = result.outputs.get('export') as { manifest: ArtifactRef; csv: ArtifactRef[]; report: Record<string, unknown> };
  const json = JSON.parse(await readFile(out.manifest.path, 'utf8')) as VariantsJson;
  const csvText = await Promise.all(out.csv.map((ref) => readFile(ref.path, 'utf8')));
  return { result, out, json, csvText };
}

describe('variants.export', () => {
  it('writes variants.json: experiment, factors with level ids and files, weights, control, matched assets, UTM links', async () => {
    const workDir = await makeWorkDir();
    const { result, out, json } = await exported(workDir, await exportGraph(workDir));
    expect(out.manifest).toMatchObject({ kind: 'file', mime: 'application/json', meta: { name: 'variants.json' } });
    expect(json).toMatchObject({ design: 'cartesian', seed: 0, hypothesis: 'Speed sells', control: 'c2-i1' });
    expect(json.experimentId).toBe((result.outputs.get('split') as { experiment: { id: string } }).experiment.id);
    expect(json.factors.map((f) => [f.name, f.levels.map((l) => l.id)])).toEqual([
      ['copy', ['c1', 'c2']],
      ['image', ['i1', 'i2']],
    ]);
    expect(json.factors[0]?.levels[0]?.copy?.headline).toBe(TRICKY);
    const red = json.factors[1]?.levels[0];
    expect(red?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(red?.path).toContain(red?.sha256);

    expect(json.variants.map((v) => [v.id, v.weight, v.control])).toEqual([
      ['c1-i1', 0.25, false],
      ['c1-i2', 0.25, false],
      ['c2-i1', 0.25, true],
      ['c2-i2', 0.25, false],
    ]);
    expect(json.variants[1]?.levels).toEqual({ copy: 'c1', image: 'i2' });
    expect(json.variants[1]?.assets.image?.sha256).toBe(json.factors[1]?.levels[1]?.sha256);
    // Finished images pair by position: the n-th came from the n-th variant (its width says which).
    expect(json.variants.map((v) => v.assets.images.map((i) => i.width))).toEqual([[10], [11], [12], [13]]);
    // Pages came back to front but name their variant, so they pair by id.
    for (const v of json.variants) {
      expect(v.assets.pages).toHaveLength(1);
      expect(await readFile(v.assets.pages[0]?.path as string, 'utf8')).toBe(`<p>page of ${v.id}</p>`);
    }
    expect(out.report.assets).toEqual({ images: { matchedBy: 'position' }, pages: { matchedBy: 'variantId' } });

    const c2i2 = json.variants[3];
    expect(c2i2?.utm).toEqual({
      utm_source: 'meta',
      utm_medium: 'paid_social',
      utm_campaign: json.experimentId,
      utm_content: 'c2-i2',
    });
    const url = new URL(c2i2?.url as string);
    expect(url.origin + url.pathname).toBe('https://shop.example/spring');
    expect(Object.fromEntries(url.searchParams)).toEqual({ ref: 'ad', ...c2i2?.utm });
  });

  it('writes Google Ads Editor and per-variant CSVs whose columns and quoting survive csv-parse', async () => {
    const workDir = await makeWorkDir();
    const google = [copyOf(TRICKY, 'google'), copyOf('Light', 'google')];
    const { out, csvText, json } = await exported(
      workDir,
      await exportGraph(workDir, { campaign: 'Spring', adGroup: 'Shoes', utmSource: 'google' }, google),
    );
    expect(out.csv.map((ref) => [ref.mime, ref.meta?.name])).toEqual([
      ['text/csv', 'google-ads-rsa.csv'],
      ['text/csv', 'variants.csv'],
    ]);
    for (const text of csvText) {
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      // CRLF after every row and no bare LF: one line ending throughout.
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    }
    const [rsa, generic] = csvText as [string, string];
    expect(rsa.split('\r\n')[0]).toContain('Headline 1,');
    const googleRows = parse(rsa, { columns: true }) as Record<string, string>[];
    expect(Object.keys(googleRows[0] ?? {})).toEqual([...GOOGLE_ADS_EDITOR_COLUMNS]);
    expect(GOOGLE_ADS_EDITOR_COLUMNS).toContain('Headline 15');
    expect(GOOGLE_ADS_EDITOR_COLUMNS).toContain('Description 4');
    expect(googleRows).toHaveLength(4);
    expect(googleRows[0]).toMatchObject({
      Campaign: 'Spring',
      'Ad group': 'Shoes',
      'Ad type': 'Responsive search ad',
      'Headline 1': TRICKY,
      'Headline 2': 'Shop now',
      // Google needs 3 headlines: the other copy's headline fills the third.
      'Headline 3': 'Light',
      'Headline 4': 'Free returns',
      'Headline 5': '',
      'Description 1': `${TRICKY}: built for long runs.`,
      'Description 2': 'Free returns',
      'Description 3': 'Light: built for long runs.',
      'Final URL': json.variants[0]?.url,
    });
    const rows = parse(generic, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.variant_id)).toEqual(['c1-i1', 'c1-i2', 'c2-i1', 'c2-i2']);
    expect(rows[0]).toMatchObject({
      control: 'false',
      weight: '0.25',
      copy_level: 'c1',
      image_level: 'i1',
      headline: TRICKY,
      cta: 'Shop now',
      utm_content: 'c1-i1',
      page_sha256: json.variants[0]?.assets.pages[0]?.sha256,
      image_sha256: json.variants[0]?.assets.images[0]?.sha256,
    });
  });

  it("flags a headline over the platform's limit, and fails on it when asked", async () => {
    const workDir = await makeWorkDir();
    const long = 'Trail shoes that keep up with you all day';
    const copies = [copyOf(long, 'google'), copyOf('Light', 'tiktok')];
    const { json, out } = await exported(workDir, await exportGraph(workDir, {}, copies));
    const google = json.variants[0]?.checks.find((c) => c.field === 'headline 1');
    expect(google).toMatchObject({ platform: 'google', length: long.length, limit: 30, ok: false });
    expect(json.variants[2]?.checks.map((c) => [c.platform, c.field, c.ok])).toEqual([['tiktok', 'ad text', true]]);
    expect(json.limits.ok).toBe(false);
    expect(json.limits.failures).toContainEqual({
      variant: 'c1-i1',
      platform: 'google',
      field: 'headline 1',
      length: 41,
      limit: 30,
    });
    expect(out.report.limits).toEqual(json.limits);

    // Meta's 40 is where its feed cuts a headline off: a warning, not a refusal.
    const meta = await exported(workDir, await exportGraph(workDir, { platform: 'meta' }, copies));
    expect(meta.json.limits.failures.filter((f) => f.variant === 'c1-i1')).toEqual([]);
    expect(meta.json.warnings).toContain('c1-i1 meta headline: 41 characters, over the recommended 40: cut off on screen');

    const strict = await run(await exportGraph(workDir, { failOnLimits: true }, copies), workDir);
    const error = failureOf(strict, 'export');
    expect(error.param).toBe('failOnLimits');
    expect(error.message).toContain('c1-i1 google headline 1 has 41 characters (limit 30)');
  });

  it('[variants.N2] gives TikTok rows the display name, from the input over the param, and flags one over 20', async () => {
    const workDir = await makeWorkDir();
    const copies = [copyOf('Light', 'tiktok'), copyOf('Grip', 'meta')];
    const graph = await exportGraph(workDir, { displayName: 'a'.repeat(21) }, copies);
    const { json } = await exported(workDir, graph);
    const rows = json.variants as (VariantsJson['variants'][number] & { displayName?: string; platform?: string })[];
    expect(rows.map((v) => [v.platform, v.displayName])).toEqual([
      ['tiktok', 'a'.repeat(21)],
      ['tiktok', 'a'.repeat(21)],
      ['meta', undefined],
      ['meta', undefined],
    ]);
    expect(json.limits.failures).toContainEqual({
      variant: 'c1-i1',
      platform: 'tiktok',
      field: 'display name',
      length: 21,
      limit: 20,
    });

    graph.nodes.brand = { type: 'input.text', params: { name: 'brand', default: 'Trailblazer 2' } };
    graph.edges.push({ from: 'brand.text', to: 'export.displayName' });
    const branded = await exported(workDir, graph);
    const tiktok = branded.json.variants[0] as VariantsJson['variants'][number] & { displayName?: string };
    expect(tiktok.displayName).toBe('Trailblazer 2');
    expect(tiktok.checks.find((c) => c.field === 'display name')).toMatchObject({ length: 13, limit: 20, ok: true });
    expect(branded.json.limits.ok).toBe(true);
  });

  it('writes a search-ad file only for Google campaigns, and reports or refuses rows Google would reject', async () => {
    const workDir = await makeWorkDir();
    const tiktok = await exported(workDir, await exportGraph(workDir, { platform: 'tiktok', utmSource: 'tiktok' }));
    expect(tiktok.out.csv.map((ref) => ref.meta?.name)).toEqual(['variants.csv']);
    expect(tiktok.out.report.files).toEqual(['variants.json', 'variants.csv']);

    // Copies whose call to action repeats their one headline give 2 distinct headlines: Google needs 3.
    const same = { ...copyOf('Light', 'google'), callToAction: 'Light' };
    const lonely = [same, { ...same, primaryText: 'Light on every trail.' }];
    const dropped = await exported(workDir, await exportGraph(workDir, {}, lonely));
    const rsa = dropped.csvText[0] as string;
    expect(dropped.out.csv.map((ref) => ref.meta?.name)).toEqual(['google-ads-rsa.csv', 'variants.csv']);
    expect(parse(rsa, { columns: true })).toEqual([]);
    expect(dropped.out.report.googleAds).toMatchObject({ rows: 0, refused: [{ variant: 'c1-i1' }, {}, {}, {}] });
    expect(dropped.json.warnings.join('\n')).toContain('google-ads-rsa.csv: left out c1-i1, c1-i2, c2-i1, c2-i2');

    const strict = await run(await exportGraph(workDir, { refused: 'fail' }, lonely), workDir);
    expect(failureOf(strict, 'export')).toMatchObject({ param: 'refused' });
    expect(failureOf(strict, 'export').message).toContain(
      'Google Ads Editor would refuse 4 search ads: c1-i1 has 2 headlines and 3 descriptions; a responsive search ad needs 3–15 and 2–4;',
    );
  });

  it('refuses files it cannot pair with variants, and a javascript: final URL', async () => {
    const workDir = await makeWorkDir();
    const graph = await exportGraph(workDir);
    // Three loose images for four variants, none naming its variant.
    graph.nodes.loose = { type: 'input.image', params: { name: 'loose', default: join(workDir, 'red.png') } };
    graph.edges = graph.edges.filter((e) => e.to !== 'export.images');
    graph.edges.push(...['red', 'blue', 'loose'].map((id) => ({ from: `${id}.image`, to: 'export.images' })));
    const result = await run(graph, workDir);
    expect(failureOf(result, 'export')).toMatchObject({ port: 'images' });
    expect(failureOf(result, 'export').message).toContain('"images" got 3 files for 4 variants');

    const bad = await run(await exportGraph(workDir, { finalUrl: 'javascript:alert(1)' }), workDir);
    expect(failureOf(bad, 'export')).toEqual({
      param: 'finalUrl',
      message: 'finalUrl "javascript:alert(1)" is not an http or https link',
    });
  });

  it('without the experiment record, lists the levels the variants use and says what to connect', async () => {
    const workDir = await makeWorkDir();
    const graph = await exportGraph(workDir);
    graph.edges = graph.edges.filter((e) => e.to !== 'export.experiment');
    const { json } = await exported(workDir, graph);
    expect(json.design).toBeNull();
    expect(json.factors.map((f) => [f.name, f.levels.map((l) => l.id)])).toEqual([
      ['copy', ['c1', 'c2']],
      ['image', ['i1', 'i2']],
    ]);
    expect(json.warnings.join('\n')).toContain('connect the experiment output of variants.split');
  });
});
