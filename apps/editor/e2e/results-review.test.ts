import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorSession,
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

  it('[editor.RV1] with the run history beside it, the results header of a past run shows every part whole', async () => {
    const file = writeGraph(
      workspace,
      'banner',
      {
        banner: { type: 'input.image', params: { name: 'banner', default: 'banner.png' }, ui: { x: 0, y: 0 } },
        line: { type: 'text.template', params: { template: 'Grip on wet rock' }, ui: { x: 360, y: 0 } },
      },
      [],
    );
    await session.open(file, 'banner');
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.getByRole('region', { name: 'Run history' });
    const entries = history.locator('.run-entry');
    await waitFor(async () => (await entries.count()) === 1, 'the run listed');
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
    const file = writeGraph(
      workspace,
      'replay',
      {
        photo: { type: 'input.image', params: { name: 'photo', default: 'banner.png' }, ui: { x: 0, y: 0 } },
        line: { type: 'text.template', params: { template: 'Told again' }, ui: { x: 360, y: 0 } },
      },
      [],
    );
    await session.open(file, 'line');
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    const history = page.getByRole('region', { name: 'Run history' });
    if (!(await history.isVisible())) await page.getByRole('button', { name: 'History', exact: true }).click();
    const entries = history.locator('.run-entry');
    await waitFor(async () => (await entries.count()) === 1, 'the run listed');

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
});
