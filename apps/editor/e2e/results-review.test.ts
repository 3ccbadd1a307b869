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
});
