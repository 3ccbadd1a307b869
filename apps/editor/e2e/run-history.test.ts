import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorSession,
  gone,
  node,
  runEnded,
  screenshot,
  selectNode,
  startEditorSession,
  textMatching,
  visible,
  waitFor,
  writeGraph,
} from './browser-kit.ts';

const MISSING_FILE = 'File no longer in the workspace — run again to remake it';

describe('the run history and time left, in a real browser against adloom serve', () => {
  let session: EditorSession;
  let workspace: string;
  let page: Page;

  const openFile = (file: string, firstNode: string) => session.open(file, firstNode);

  beforeAll(async () => {
    session = await startEditorSession({
      name: 'history',
      prepare: async (workspace) => {
        await sharp({ create: { width: 64, height: 64, channels: 3, background: '#d04040' } })
          .png()
          .toFile(join(workspace, 'red.png'));
        await sharp({ create: { width: 1080, height: 1920, channels: 3, background: '#3060c0' } })
          .png()
          .toFile(join(workspace, 'tall.png'));
      },
    });
    ({ workspace, page } = session);
  });

  afterAll(() => session?.close());

  it('[editor.RH1] lists the runs on disk after a reload, and reopens the first with its old results, marked as past', async () => {
    const file = writeGraph(
      workspace,
      'history',
      {
        photo: { type: 'input.image', params: { name: 'photo', default: 'red.png' }, ui: { x: 0, y: 0 } },
        line: { type: 'text.template', params: { template: 'Old words' }, ui: { x: 360, y: 0 } },
      },
      [],
    );
    await openFile(file, 'line');
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'Old words');

    await selectNode(page, 'line');
    await page.locator('[data-param="template"] textarea').fill('New words');
    await page.keyboard.press('Control+s');
    await gone(page.getByTestId('dirty-marker'));
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'New words');

    // A reload forgets the runs this page followed: the history lists them from the run folders.
    await page.reload();
    await page.waitForSelector(node('line'));
    expect(await page.locator('[data-results-for="line"] .result-text').count()).toBe(0);
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Run history' });
    await visible(panel);
    const entries = panel.locator('.run-entry');
    await waitFor(async () => (await entries.count()) === 2, 'both runs listed');
    const names = await entries.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
    for (const name of names) expect(name).toMatch(/^Run of .+, succeeded, \d+\.\d s, \d+ done, \d+ cached, 0 failed$/);
    expect(await panel.getByRole('button', { name: 'This graph' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'h1-run-history');

    // The first run is the last listed; the keyboard opens it.
    await entries.nth(1).focus();
    await page.keyboard.press('Enter');
    const banner = page.getByTestId('past-run-banner');
    await textMatching(banner, /^Run of .+ — viewing a past runBack to current$/);
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'Old words');
    expect(await entries.nth(1).getAttribute('aria-current')).toBe('true');
    const results = page.getByTestId('results-panel');
    await textMatching(results.locator('.chip.past-run'), /^Run of .+ — viewing$/);
    // Its image is back too, served by its hash.
    const thumb = results.locator('img.artifact-thumb').first();
    await visible(thumb);
    await waitFor(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth === 64), 'the thumbnail loaded');
    await screenshot(page, 'h1-past-run-viewing');

    // The newest one, then back to the current state (after a reload: nothing run yet).
    await entries.nth(0).click();
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'New words');
    await banner.getByRole('button', { name: 'Back to current' }).click();
    await gone(banner);
    expect(await page.locator('[data-results-for="line"] .result-text').count()).toBe(0);

    await panel.getByRole('button', { name: 'All runs' }).click();
    await waitFor(async () => (await entries.count()) >= 2, 'all runs listed');

    // Running while a past run is on show goes back to the current state first.
    await entries.nth(1).click();
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'Old words');
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    await gone(banner);
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'New words');
    // The new run joins the list; the keys close and open the panel.
    await waitFor(async () => (await entries.count()) === 3, 'the new run listed');
    await page.mouse.click(700, 300);
    await page.keyboard.press('Control+Shift+H');
    await gone(panel);
    await page.keyboard.press('Control+Shift+H');
    await visible(panel);
    expect(session.pageErrors).toEqual([]);
  });

  it('[editor.RH2] an encode shows its time left on the running node before it finishes', async () => {
    const file = writeGraph(
      workspace,
      'encode',
      {
        photo: { type: 'input.image', params: { name: 'photo', default: 'tall.png' }, ui: { x: 0, y: 0 } },
        video: {
          type: 'video.assemble',
          // Small frames: ffmpeg reports its progress within seconds even on a loaded machine.
          params: { format: '9:16', width: 270, height: 480, duration: 30, encoderPreset: 'ultrafast' },
          ui: { x: 360, y: 0 },
        },
      },
      [['photo.image', 'video.images']],
    );
    await openFile(file, 'video');
    const hasVideo = await page.evaluate(() => !!window.adloomEditor!.view.getState().catalog?.nodes['video.assemble']);
    expect(hasVideo).toBe(true);
    await page.click('[data-command="runAll"]');
    const status = page.locator(`${node('video')} .node-run.running`);
    const shown = await textMatching(status, /^encoding · (about \d+ (s|min)|under 1 s) left$/, 100_000);
    expect(await page.evaluate(() => window.adloomEditor!.run.getState().status)).toBe('running');
    await screenshot(page, 't1-time-left');
    expect(shown).toMatch(/left$/);
    // No need to wait for the whole encode.
    await page.keyboard.press('Control+.');
    expect(await runEnded(page)).toBe('cancelled');
  });

  it('[editor.RH3] a past run whose image was deleted from the store says so where the image was, and shows the rest', async () => {
    const file = writeGraph(
      workspace,
      'cleaned',
      {
        photo: { type: 'input.image', params: { name: 'photo', default: 'red.png' }, ui: { x: 0, y: 0 } },
        fit: { type: 'image.fit', params: { presets: ['meta-1x1', 'tiktok-9x16'] }, ui: { x: 360, y: 0 } },
        line: { type: 'text.template', params: { template: 'Words stay' }, ui: { x: 360, y: 320 } },
      },
      [['photo.image', 'fit.image']],
    );
    await openFile(file, 'fit');
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    const fitted = (await page.evaluate(() => window.adloomEditor!.run.getState().nodes.fit?.outputs?.images)) as {
      path: string;
    }[];
    expect(fitted).toHaveLength(2);
    // The designer cleans the store (or the cache is pruned): the square one is gone, the run folder stays.
    rmSync((fitted[0] as { path: string }).path);

    await page.reload();
    await page.waitForSelector(node('fit'));
    const panel = page.getByRole('region', { name: 'Run history' });
    if (!(await panel.isVisible())) await page.getByRole('button', { name: 'History', exact: true }).click();
    await visible(panel);
    await panel.getByRole('button', { name: 'This graph' }).click();
    const entries = panel.locator('.run-entry');
    await waitFor(async () => (await entries.count()) === 1, 'the run listed');
    await entries.first().click();
    await textMatching(page.getByTestId('past-run-banner'), /viewing a past run/);
    await textMatching(page.locator('[data-results-for="line"] .result-text'), 'Words stay');

    // On the canvas: the square tile says what happened, the tall one is there as it was.
    await page.evaluate(() => window.adloomEditor!.revealNode('fit'));
    const tiles = page.locator('[data-results-for="fit"] .result-thumb');
    await waitFor(async () => (await tiles.count()) === 2, 'both tiles of the fit');
    await visible(tiles.nth(0).locator('.missing-file'));
    expect(await tiles.nth(0).locator('.missing-file').getAttribute('aria-label')).toBe(MISSING_FILE);
    expect(await tiles.nth(0).locator('img').count()).toBe(0);
    const tall = tiles.nth(1).locator('img');
    await waitFor(() => tall.evaluate((img) => (img as HTMLImageElement).naturalHeight === 1920), 'the tall tile loaded');

    // In the results panel: the gone file in words, without an Open link; the others as before.
    const results = page.getByTestId('results-panel');
    const missingRow = results.locator('.artifact.missing');
    expect(await missingRow.count()).toBe(1);
    await textMatching(missingRow.locator('.missing-file'), MISSING_FILE);
    // biome-ignore lint/performance/useDomNodeTextContent: the words as shown, one sentence with its dash
    expect(await missingRow.locator('.missing-file').innerText()).toBe(MISSING_FILE);
    expect(await missingRow.getByRole('link', { name: 'Open' }).count()).toBe(0);
    const thumbs = results.locator('img.artifact-thumb');
    expect(await thumbs.count()).toBe(2);
    for (const thumb of await thumbs.all())
      await waitFor(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'a kept thumbnail loaded');
    await screenshot(page, 'h3-past-run-file-gone');

    // The lightbox says so too, and steps on to the tall one, which it shows.
    await tiles.nth(0).click();
    const box = page.getByTestId('lightbox');
    await visible(box.locator('.missing-file'));
    expect(await box.getByRole('link', { name: 'Open in a new tab' }).count()).toBe(0);
    await screenshot(page, 'h3-lightbox-file-gone');
    await page.keyboard.press('ArrowRight');
    await textMatching(page.getByTestId('lightbox-count'), '2 / 2');
    await waitFor(
      () => box.locator('img').evaluate((img) => (img as HTMLImageElement).naturalHeight === 1920),
      'the tall one in the lightbox',
    );
    expect(await box.locator('.missing-file').count()).toBe(0);
    await page.keyboard.press('Escape');
    await gone(box);

    // The contact sheet: three tiles, the gone one in words.
    await results.getByRole('button', { name: 'Contact sheet' }).click();
    const sheet = page.getByTestId('contact-sheet');
    await visible(sheet);
    expect(await sheet.locator('.sheet-tile').count()).toBe(3);
    expect(await sheet.locator('.sheet-tile .missing-file').count()).toBe(1);
    expect(await sheet.locator('.sheet-tile img').count()).toBe(2);
    await screenshot(page, 'h3-contact-sheet-file-gone');
    await page.keyboard.press('Escape');
    await gone(sheet);
    // Looking at a past run changed nothing: not the graph (an arrow in the lightbox moves no node).
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
