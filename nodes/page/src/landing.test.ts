import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import { describe, expect, it } from 'vitest';
import { copyOf, failureOf, graphOf, makeWorkDir, run, startTags, textOf, writeImage } from '../test/kit.ts';
import { LANDING_CSP } from './render-landing.ts';

const CTA = 'https://shop.example/buy?ref=lp';
const EVIL = '<script>alert(1)</script>';

/** One page from a copy and an image, with the landing node's params. */
async function singlePage(workDir: string, params: Record<string, unknown> = {}, copy = copyOf('Trail shoes')) {
  return graphOf(
    {
      copy: ['test.copy', { copy }],
      photo: ['input.image', { name: 'photo', default: await writeImage(join(workDir, 'photo.png'), '#2266aa') }],
      page: ['page.landing', { ctaUrl: CTA, ...params }],
    },
    ['copy.copy -> page.copy', 'photo.image -> page.image'],
  );
}

async function pageOf(workDir: string, graph: ReturnType<typeof graphOf>) {
  const result = await run(graph, workDir);
  expect(result.manifest.nodes.page?.error).toBeUndefined();
  const out = result.outputs.get('page') as { page: ArtifactRef; link: string };
  return { result, out, html: await readFile(out.page.path, 'utf8') };
}

/** Every URL the page would load or link to: src, poster, href, srcset, action and CSS url(…)/@import. */
function urlsIn(html: string): { attr: string; value: string }[] {
  const urls: { attr: string; value: string }[] = [];
  for (const tag of startTags(html)) {
    for (const attr of ['src', 'poster', 'href', 'srcset', 'action', 'data', 'formaction']) {
      const value = tag.attrs[attr];
      if (value !== undefined) urls.push({ attr: `${tag.name}.${attr}`, value });
    }
  }
  for (const m of html.matchAll(/url\(\s*['"]?([^'")]*)|@import\s+['"]?([^'";\s]+)/gi)) {
    urls.push({ attr: 'css', value: (m[1] ?? m[2]) as string });
  }
  return urls;
}

describe('page.landing', () => {
  it('escapes every piece of text: a <script> in the copy stays text', async () => {
    const workDir = await makeWorkDir();
    const copy = {
      ...copyOf(EVIL),
      primaryText: 'Tom & Jerry\'s "best" <b>deal</b>',
      callToAction: '<img src=x onerror=alert(2)>',
    };
    const graph = await singlePage(workDir, { brand: "O'Neil <Shoes>", footer: '</footer><script>x()</script>' }, copy);
    const { html } = await pageOf(workDir, graph);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(textOf(html, 'h1')).toBe(EVIL);
    expect(textOf(html, 'title')).toBe(`${EVIL} | O'Neil <Shoes>`);
    expect(textOf(html, 'p class="body"')).toBe(copy.primaryText);
    expect(textOf(html, 'a')).toBe(copy.callToAction);
    // Only the tags the template writes: nothing smuggled in by the copy.
    expect(new Set(startTags(html).map((t) => t.name))).toEqual(
      new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'figure', 'img', 'section', 'p', 'h1', 'a', 'footer']),
    );
  });

  it('loads nothing from any host: media inline, a strict CSP, the CTA the only link', async () => {
    const workDir = await makeWorkDir();
    const { html, out } = await pageOf(workDir, await singlePage(workDir));
    expect(out.page).toMatchObject({ kind: 'file', mime: 'text/html' });
    const csp = startTags(html).find((t) => t.name === 'meta' && t.attrs['http-equiv'] === 'Content-Security-Policy');
    expect(csp?.attrs.content).toBe(LANDING_CSP);
    expect(LANDING_CSP).toContain("default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; media-src data: 'self'");
    const urls = urlsIn(html);
    expect(urls.filter((u) => u.attr === 'css')).toEqual([]);
    const external = urls.filter((u) => !u.value.startsWith('data:'));
    expect(external).toEqual([{ attr: 'a.href', value: out.link }]);
    // The image is the PNG itself, inlined.
    const png = await readFile(join(workDir, 'photo.png'));
    const img = startTags(html).find((t) => t.name === 'img');
    expect(img?.attrs.src).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(img?.attrs).toMatchObject({ width: '40', height: '30', alt: '' });
    // Mobile first: a viewport, and only min-width queries widen it.
    expect(startTags(html).find((t) => t.attrs.name === 'viewport')?.attrs.content).toBe('width=device-width, initial-scale=1');
    expect(html).toMatch(/@media \(min-width:/);
    expect(html).not.toMatch(/max-width:\s*\d+(px|rem|em)\)/);
  });

  it('puts UTM tags on the CTA link and keeps its own params', async () => {
    const workDir = await makeWorkDir();
    const { out, html } = await pageOf(workDir, await singlePage(workDir, { utmCampaign: 'spring', utmContent: 'hero-a' }));
    const href = startTags(html).find((t) => t.name === 'a')?.attrs.href as string;
    expect(href).toBe(out.link);
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe('https://shop.example/buy');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ref: 'lp',
      utm_source: 'landing_page',
      utm_medium: 'referral',
      utm_campaign: 'spring',
      utm_content: 'hero-a',
    });
  });

  it('refuses a javascript: CTA, naming the param or the input it came from', async () => {
    const workDir = await makeWorkDir();
    const param = await run(await singlePage(workDir, { ctaUrl: 'javascript:alert(document.cookie)' }), workDir);
    expect(failureOf(param, 'page')).toEqual({
      param: 'ctaUrl',
      message: 'ctaUrl "javascript:alert(document.cookie)" is a javascript: link; the CTA must be an http or https link',
    });
    const graph = await singlePage(workDir);
    graph.nodes.url = { type: 'input.text', params: { name: 'url', default: ' JavaScript:alert(1)' } };
    graph.edges.push({ from: 'url.text', to: 'page.ctaUrl' });
    const input = await run(graph, workDir);
    expect(failureOf(input, 'page')).toMatchObject({ port: 'ctaUrl' });
    expect(failureOf(input, 'page').message).toContain('the CTA must be an http or https link');
    const relative = await run(await singlePage(workDir, { ctaUrl: '/shop' }), workDir);
    expect(failureOf(relative, 'page').message).toBe('ctaUrl "/shop" is not a full link; write it like https://example.com/shop');
    const missing = await run(await singlePage(workDir, { ctaUrl: undefined }), workDir);
    expect(failureOf(missing, 'page')).toMatchObject({ param: 'ctaUrl' });
  });

  it('makes one page per variant, with its headline, image and id on the link; each page carries the variant lineage', async () => {
    const workDir = await makeWorkDir();
    const graph = graphOf(
      {
        red: ['input.image', { name: 'red', default: await writeImage(join(workDir, 'red.png'), '#cc2200') }],
        blue: ['input.image', { name: 'blue', default: await writeImage(join(workDir, 'blue.png'), '#0033cc', 50, 20) }],
        variants: [
          'test.variants',
          {
            variants: [
              { id: 'c1-h1-i1', copy: copyOf('Run far'), headline: 'Go the distance', image: 0 },
              { id: 'c1-h2-i2', copy: copyOf('Run far'), headline: 'Lighter than air', cta: 'Try them', image: 1 },
            ],
          },
        ],
        page: ['page.landing', { ctaUrl: CTA, template: 'split' }],
      },
      ['red.image -> variants.images', 'blue.image -> variants.images', 'variants.variants -> page.variant'],
    );
    const result = await run(graph, workDir);
    expect(result.status).toBe('succeeded');
    const out = result.outputs.get('page') as { page: ArtifactRef[]; link: string[] };
    expect(out.page).toHaveLength(2);
    const htmls = await Promise.all(out.page.map((p) => readFile(p.path, 'utf8')));
    expect(htmls.map((h) => textOf(h, 'h1'))).toEqual(['Go the distance', 'Lighter than air']);
    expect(htmls.map((h) => textOf(h, 'a'))).toEqual(['Shop now', 'Try them']);
    expect(htmls.map((h) => textOf(h, 'p class="body"'))).toEqual([
      'Run far, made for the long run.',
      'Run far, made for the long run.',
    ]);
    const blue = await readFile(join(workDir, 'blue.png'));
    expect(startTags(htmls[1] as string).find((t) => t.name === 'img')?.attrs.src).toBe(
      `data:image/png;base64,${blue.toString('base64')}`,
    );
    expect(out.link.map((l) => new URL(l).searchParams.get('utm_content'))).toEqual(['c1-h1-i1', 'c1-h2-i2']);
    expect(out.page.map((p) => p.meta)).toEqual([
      { name: 'c1-h1-i1.html', template: 'split', variantId: 'c1-h1-i1' },
      { name: 'c1-h2-i2.html', template: 'split', variantId: 'c1-h2-i2' },
    ]);
    const pages = result.manifest.artifacts.filter((a) => a.node === 'page');
    expect(pages.map((a) => [a.port, a.lineageKey])).toEqual([
      ['page', 'variants[0]'],
      ['page', 'variants[1]'],
    ]);
  });

  it("takes a directly connected image over the variant's", async () => {
    const workDir = await makeWorkDir();
    const graph = graphOf(
      {
        red: ['input.image', { name: 'red', default: await writeImage(join(workDir, 'red.png'), '#cc2200') }],
        green: ['input.image', { name: 'green', default: await writeImage(join(workDir, 'green.png'), '#00aa44') }],
        variants: ['test.variants', { variants: [{ id: 'c1-i1', copy: copyOf('Run far'), image: 0 }] }],
        page: ['page.landing', { ctaUrl: CTA }],
      },
      ['red.image -> variants.images', 'variants.variants -> page.variant', 'green.image -> page.image'],
    );
    const result = await run(graph, workDir);
    const out = result.outputs.get('page') as { page: ArtifactRef[] };
    const html = await readFile(out.page[0]?.path as string, 'utf8');
    const green = await readFile(join(workDir, 'green.png'));
    expect(startTags(html).find((t) => t.name === 'img')?.attrs.src).toBe(`data:image/png;base64,${green.toString('base64')}`);
  });

  it('lays out hero-top, split and video-first from data: video first with the image as its poster', async () => {
    const workDir = await makeWorkDir();
    const order = (html: string) =>
      startTags(html)
        .filter((t) => ['img', 'h1', 'video', 'a'].includes(t.name))
        .map((t) => t.name);
    const hero = await pageOf(workDir, await singlePage(workDir, { template: 'hero-top' }));
    expect(order(hero.html)).toEqual(['img', 'h1', 'a']);
    expect(hero.html).toContain('<body class="layout-hero-top">');
    const split = await pageOf(workDir, await singlePage(workDir, { template: 'split' }));
    expect(split.html).toContain('grid-template-columns: 1fr 1fr');

    const withVideo = await singlePage(workDir, { template: 'video-first' });
    withVideo.nodes.clip = { type: 'test.video' };
    withVideo.edges.push({ from: 'clip.video', to: 'page.video' });
    const first = await pageOf(workDir, withVideo);
    expect(order(first.html)).toEqual(['video', 'h1', 'a']);
    const video = startTags(first.html).find((t) => t.name === 'video');
    expect(video?.attrs.src).toMatch(/^data:video\/mp4;base64,/);
    expect(video?.attrs.poster).toMatch(/^data:image\/png;base64,/);
    expect(video?.attrs).toHaveProperty('playsinline');
    // Without a video, video-first reads like hero-top.
    const noVideo = await pageOf(workDir, await singlePage(workDir, { template: 'video-first' }));
    expect(order(noVideo.html)).toEqual(['img', 'h1', 'a']);
  });

  it('says what is missing: a headline, a hero image, a format browsers show', async () => {
    const workDir = await makeWorkDir();
    const noImage = graphOf({ copy: ['test.copy', { copy: copyOf('Hi') }], page: ['page.landing', { ctaUrl: CTA }] }, [
      'copy.copy -> page.copy',
    ]);
    expect(failureOf(await run(noImage, workDir), 'page')).toEqual({
      port: 'image',
      message: 'the page needs a hero image: connect "image", or a variant that has an image or a video',
    });
    const noCopy = graphOf(
      {
        photo: ['input.image', { name: 'photo', default: await writeImage(join(workDir, 'p.png'), '#123456') }],
        page: ['page.landing', { ctaUrl: CTA }],
      },
      ['photo.image -> page.image'],
    );
    expect(failureOf(await run(noCopy, workDir), 'page')).toMatchObject({ port: 'copy' });
    const tiff = graphOf(
      {
        copy: ['test.copy', { copy: copyOf('Hi') }],
        photo: ['input.image', { name: 'photo', default: await writeImage(join(workDir, 'p.tiff'), '#123456') }],
        page: ['page.landing', { ctaUrl: CTA }],
      },
      ['copy.copy -> page.copy', 'photo.image -> page.image'],
    );
    expect(failureOf(await run(tiff, workDir), 'page')).toEqual({
      port: 'image',
      message: 'the image is image/tiff, which browsers do not show; use png, jpeg, webp, gif, avif',
    });
  });
});
