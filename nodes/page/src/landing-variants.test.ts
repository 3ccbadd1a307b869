import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ArtifactRef, NodeRegistry, runGraph } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { pack as variantsPack } from '@adloom/nodes-variants';
import { describe, expect, it } from 'vitest';
import { graphOf, type Manifest, makeWorkDir, startTags, textOf, writeImage } from '../test/kit.ts';
import { pack } from './index.ts';

describe('page.landing with variants.split and variants.export', () => {
  it('makes a page per variant whose links carry its id, and the export pairs each page with its variant', async () => {
    const workDir = await makeWorkDir();
    const registry = new NodeRegistry([corePack, variantsPack, pack]);
    const graph = graphOf(
      {
        red: ['input.image', { name: 'red', default: await writeImage(join(workDir, 'red.png'), '#cc2200') }],
        blue: ['input.image', { name: 'blue', default: await writeImage(join(workDir, 'blue.png'), '#0033cc') }],
        heads: ['input.text', { name: 'head', default: 'Fast <b>and</b> light' }],
        split: ['variants.split', { control: 'h1-i2' }],
        page: ['page.landing', { ctaUrl: 'https://shop.example/', ctaLabel: 'Shop the drop', utmCampaign: 'spring' }],
        export: ['variants.export', { finalUrl: 'https://lp.example/spring' }],
      },
      [
        'heads.text -> split.headlines',
        'red.image -> split.images',
        'blue.image -> split.images',
        'split.variants -> page.variant',
        'split.variants -> export.variants',
        'split.experiment -> export.experiment',
        'page.page -> export.pages',
      ],
    );
    const result = await runGraph(graph, { registry, workDir, cache: false });
    expect(result.status).toBe('succeeded');
    const pages = result.outputs.get('page')?.page as ArtifactRef[];
    const htmls = await Promise.all(pages.map((p) => readFile(p.path, 'utf8')));
    expect(htmls.map((h) => textOf(h, 'h1'))).toEqual(['Fast <b>and</b> light', 'Fast <b>and</b> light']);
    expect(htmls.map((h) => textOf(h, 'a'))).toEqual(['Shop the drop', 'Shop the drop']);
    const links = htmls.map((h) => new URL(startTags(h).find((t) => t.name === 'a')?.attrs.href as string));
    expect(links.map((l) => l.searchParams.get('utm_content'))).toEqual(['h1-i1', 'h1-i2']);
    expect(links.map((l) => l.searchParams.get('utm_campaign'))).toEqual(['spring', 'spring']);

    const manifest = JSON.parse(await readFile(join(result.outDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.artifacts.filter((a) => a.node === 'page').map((a) => a.lineage)).toEqual([{ split: 0 }, { split: 1 }]);

    const exported = result.outputs.get('export') as { manifest: ArtifactRef; report: { assets: unknown } };
    expect(exported.report.assets).toEqual({ pages: { matchedBy: 'variantId' } });
    const json = JSON.parse(await readFile(exported.manifest.path, 'utf8')) as {
      control: string;
      variants: { id: string; assets: { pages: { sha256: string }[] } }[];
    };
    expect(json.control).toBe('h1-i2');
    expect(json.variants.map((v) => [v.id, v.assets.pages.map((p) => p.sha256)])).toEqual([
      ['h1-i1', [pages[0]?.sha256]],
      ['h1-i2', [pages[1]?.sha256]],
    ]);
  });
});
