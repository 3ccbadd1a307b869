import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorSession,
  node,
  overlappingNodes,
  repoRoot,
  runEnded,
  screenshot,
  startEditorSession,
  textMatching,
  visible,
  waitFor,
  writeGraph,
} from './browser-kit.ts';

/**
 * The parts of a header a person cannot read whole: cut by an ellipsis, broken over two lines,
 * or reaching out of the header.
 */
function unreadableParts(header: Locator): Promise<string[]> {
  return header.evaluate((bar) => {
    const outer = bar.getBoundingClientRect();
    return [...bar.childNodes].flatMap((part) => {
      const text = part.textContent?.trim() ?? '';
      if (!text) return [];
      const range = document.createRange();
      range.selectNodeContents(part);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const lines = rects.filter((r) => r.top >= (rects[0]?.bottom ?? 0) - 1).length + 1;
      const box = range.getBoundingClientRect();
      const name = `"${text}"`;
      if (part instanceof HTMLElement && part.scrollWidth > part.clientWidth + 1)
        return [`${name} is cut (${part.clientWidth} of ${part.scrollWidth} px)`];
      if (lines > 1) return [`${name} is broken over ${lines} lines`];
      if (
        box.left < outer.left - 0.5 ||
        box.right > outer.right + 0.5 ||
        box.top < outer.top - 0.5 ||
        box.bottom > outer.bottom + 0.5
      )
        return [`${name} reaches out of the header`];
      return [];
    });
  });
}

/** How much of an element's picture on screen is the banner's red end, its blue end, and `background`. */
async function shares(locator: Locator, background: [number, number, number]) {
  const { data, info } = await sharp(await locator.screenshot())
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const count = { red: 0, blue: 0, background: 0 };
  const near = (i: number, [r, g, b]: [number, number, number]) =>
    Math.abs((data[i] as number) - r) + Math.abs((data[i + 1] as number) - g) + Math.abs((data[i + 2] as number) - b) < 24;
  for (let i = 0; i < data.length; i += 3) {
    if (near(i, [230, 30, 30])) count.red++;
    else if (near(i, [30, 30, 230])) count.blue++;
    else if (near(i, background)) count.background++;
  }
  const all = info.width * info.height;
  return { red: count.red / all, blue: count.blue / all, background: count.background / all };
}

/** Waits until an element stops moving (the view animates to a node or to the whole graph). */
async function atRest(page: Page, selector: string): Promise<void> {
  let last = '';
  await waitFor(async () => {
    const now = JSON.stringify(await page.locator(selector).boundingBox());
    const isStill = now === last;
    last = now;
    return isStill;
  }, `${selector} at rest`);
}

describe('reviewing results at 1280×720, in a real browser against adloom serve', () => {
  let session: EditorSession;
  let workspace: string;
  let page: Page;

  beforeAll(async () => {
    session = await startEditorSession({
      name: 'review',
      viewport: { width: 1280, height: 720 },
      prepare: async (workspace) => {
        // A Google leaderboard banner: red at its left end, blue at its right, green between.
        const band = (width: number, r: number, g: number, b: number) =>
          sharp({ create: { width, height: 90, channels: 3, background: { r, g, b } } })
            .png()
            .toBuffer();
        await sharp({ create: { width: 728, height: 90, channels: 3, background: { r: 0, g: 200, b: 0 } } })
          .composite([
            { input: await band(120, 230, 30, 30), left: 0, top: 0 },
            { input: await band(120, 30, 30, 230), left: 608, top: 0 },
          ])
          .png()
          .toFile(join(workspace, 'banner.png'));
      },
    });
    ({ workspace, page } = session);
  });

  afterAll(() => session?.close());

  /**
   * Runs a graph of the banner and one line of text, with the run history open, and returns the
   * history once it lists that run (the only one of the graph).
   */
  async function runWithHistory(name: string, line: string, select: string) {
    const file = writeGraph(
      workspace,
      name,
      {
        photo: { type: 'input.image', params: { name: 'photo', default: 'banner.png' }, ui: { x: 0, y: 0 } },
        line: { type: 'text.template', params: { template: line }, ui: { x: 360, y: 0 } },
      },
      [],
    );
    await session.open(file, select);
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    const history = page.getByRole('region', { name: 'Run history' });
    if (!(await history.isVisible())) await page.getByRole('button', { name: 'History', exact: true }).click();
    const entries = history.locator('.run-entry');
    await waitFor(async () => (await entries.count()) === 1, 'the run listed');
    return { history, entries };
  }

  it('[editor.RV1] with the run history beside it, the results header of a past run shows every part whole', async () => {
    const { history, entries } = await runWithHistory('banner', 'Grip on wet rock', 'photo');
    await entries.first().click();
    const results = page.getByTestId('results-panel');
    await textMatching(results.locator('.chip.past-run'), /^Run of .+ — viewing$/);
    await visible(results.locator('img.artifact-thumb'));
    await screenshot(page, 'rv1-history-and-results');
    expect(await unreadableParts(results.locator('.panel-header'))).toEqual([]);
    expect(await unreadableParts(history.locator('.panel-header'))).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it('[editor.RV2] a past run reopened from the history never reads as running, and there is nothing to cancel', async () => {
    const { entries } = await runWithHistory('replay', 'Told again', 'line');

    // Everything the page shows while the run is told again: each status word, the Cancel button.
    await page.evaluate(() => {
      const seen = { words: [] as string[], isCancelOn: false };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const look = () => {
        for (const el of document.querySelectorAll('.results .run-status, .status-bar .status-button'))
          seen.words.push(el.textContent ?? '');
        for (const el of document.querySelectorAll('.node-run')) seen.words.push(el.textContent ?? '');
        const cancel = document.querySelector<HTMLButtonElement>('[data-command="cancel"]');
        if (cancel && !cancel.disabled) seen.isCancelOn = true;
      };
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    const cancels: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/runs\/[^/]+\/cancel$/.test(request.url())) cancels.push(request.url());
    });
    await entries.first().click();
    await textMatching(page.getByTestId('past-run-banner'), /viewing a past run/);
    const results = page.getByTestId('results-panel');
    await textMatching(results.locator('.run-status'), 'succeeded');
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'Told again');
    // The cancel key, and the button, do nothing: the run ended long ago.
    await page.mouse.click(600, 200);
    await page.keyboard.press('Control+.');
    expect(await page.locator('[data-command="cancel"]').isDisabled()).toBe(true);
    await screenshot(page, 'rv2-past-run-reopened');
    const seen = await page.evaluate(() => (window as unknown as { seen: { words: string[]; isCancelOn: boolean } }).seen);
    expect(seen.words.length).toBeGreaterThan(0);
    expect(seen.words.filter((word) => /running|starting|queued/i.test(word))).toEqual([]);
    expect(seen.isCancelOn, 'Cancel was on while the past run was told again').toBe(false);
    expect(cancels).toEqual([]);
    expect(await page.evaluate(() => window.adloomEditor!.run.getState().status)).toBe('succeeded');
    expect(session.pageErrors).toEqual([]);
  });

  it('[editor.RV3] a 728×90 banner shows whole in the results list, on its node and on the contact sheet, letterboxed', async () => {
    const file = writeGraph(
      workspace,
      'leaderboard',
      {
        banner: { type: 'input.image', params: { name: 'banner', default: 'banner.png' }, ui: { x: 0, y: 0 } },
        fit: { type: 'image.fit', params: { presets: ['google-728x90'] }, ui: { x: 360, y: 0 } },
      },
      [['banner.image', 'fit.image']],
    );
    await session.open(file, 'fit');
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    const results = page.getByTestId('results-panel');
    if (!(await results.isVisible())) await page.getByRole('button', { name: /^Run: / }).click();
    await visible(results);
    // The fit had nothing to change: the list has the file once, under the node that made it first.
    const thumb = results.locator('.artifact', { hasText: 'banner.image' }).locator('img.artifact-thumb');
    await waitFor(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth === 728), 'the thumbnail loaded');
    // The node in the middle of the canvas, clear of the minimap.
    await page.evaluate(() => window.adloomEditor!.revealNode('fit'));
    await atRest(page, node('fit'));
    await screenshot(page, 'rv3-banner-in-results');
    // Both ends of the banner are there, above and below it the panel itself.
    const panel: [number, number, number] = [0x1b, 0x1e, 0x26];
    const inList = await shares(thumb, panel);
    expect(inList.red, 'the red end in the results list').toBeGreaterThan(0.02);
    expect(inList.blue, 'the blue end in the results list').toBeGreaterThan(0.02);
    expect(inList.background, 'the letterbox in the results list').toBeGreaterThan(0.3);

    const tile = page.locator('[data-results-for="fit"] .result-thumb img');
    await waitFor(() => tile.evaluate((img) => (img as HTMLImageElement).naturalWidth === 728), 'the node tile loaded');
    const onNode = await shares(tile, panel);
    expect(onNode.red, 'the red end on the node').toBeGreaterThan(0.02);
    expect(onNode.blue, 'the blue end on the node').toBeGreaterThan(0.02);

    await results.getByRole('button', { name: 'Contact sheet' }).click();
    const sheet = page.getByTestId('contact-sheet');
    const media = sheet.locator('img.sheet-media').first();
    await waitFor(() => media.evaluate((img) => (img as HTMLImageElement).naturalWidth === 728), 'the sheet tile loaded');
    await screenshot(page, 'rv3-banner-on-contact-sheet');
    const onSheet = await shares(media, [0x22, 0x26, 0x32]);
    expect(onSheet.red, 'the red end on the contact sheet').toBeGreaterThan(0.02);
    expect(onSheet.blue, 'the blue end on the contact sheet').toBeGreaterThan(0.02);
    expect(onSheet.background, 'the letterbox on the contact sheet').toBeGreaterThan(0.3);
    await page.keyboard.press('Escape');
    expect(session.pageErrors).toEqual([]);
  });

  it('[editor.RV4] tall nodes added one after another at one place, from the palette, never overlap', async () => {
    const file = writeGraph(
      workspace,
      'tall-nodes',
      { photo: { type: 'input.image', params: { name: 'photo', default: 'banner.png' }, ui: { x: 0, y: 0 } } },
      [],
    );
    await session.open(file, 'photo');
    const canvas = await page.locator('.react-flow__pane').boundingBox();
    if (!canvas) throw new Error('the canvas is not on screen');
    const spot = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 3 };
    // Tab with the pointer on the canvas, the node's name, Enter: as fast as a designer who knows them.
    const added: [string, string][] = [
      ['Fit to formats', 'fit'],
      ['Fit to formats', 'fit2'],
      ['Headline, button and logo', 'overlay'],
      ['Fit to formats', 'fit3'],
      ['Assemble video', 'assemble'],
      ['Headline, button and logo', 'overlay2'],
    ];
    for (const [name, id] of added) {
      await page.mouse.move(spot.x, spot.y);
      await page.keyboard.press('Tab');
      await visible(page.locator('.palette-search'));
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await page.waitForSelector(node(id));
    }
    await page.evaluate(() => window.adloomEditor!.fitView());
    await atRest(page, node('photo'));
    await screenshot(page, 'rv4-tall-nodes-apart');
    expect(await overlappingNodes(page), 'nodes that overlap').toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it('[editor.RV5] every example opens with no node on top of another', async () => {
    for (const example of ['hello-brief', 'tiktok-launch', 'display-set', 'landing-ab']) {
      const text = readFileSync(join(repoRoot, 'examples', `${example}.adloom.json`), 'utf8');
      writeFileSync(join(workspace, `${example}.adloom.json`), text);
      await session.open(`${example}.adloom.json`, Object.keys(JSON.parse(text).nodes)[0] as string);
      expect(await overlappingNodes(page), example).toEqual([]);
      if (example !== 'tiktok-launch') continue;
      // The three captions picked from the copy, where they used to sit on each other.
      await page.evaluate(() => window.adloomEditor!.revealNode('sayBenefit'));
      await atRest(page, node('sayBenefit'));
      await screenshot(page, 'rv5-tiktok-captions');
    }
    expect(session.pageErrors).toEqual([]);
  });
});
