import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gone, node, runEnded, screenshot, textMatching, visible, waitFor } from '../../editor/e2e/browser-kit.ts';
import { DOCUMENT_STATE_CHANNEL, MENU_COMMAND_CHANNEL } from '../src/channel-names.ts';
import { ARTIFACT_CSP, contentSecurityPolicy } from '../src/csp.ts';
import { type DesktopWindow, openDesktopWindow } from './desktop-window.ts';

// Two builds, Chromium and a forked engine: slower than the default timeouts on a loaded machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 240_000 });

const EXAMPLE = 'examples/display-set.adloom.json';
const SAVED = 'display-set.adloom.json';

describe('the editor in a desktop window: its panels over the desktop host, in Chromium', () => {
  let w: DesktopWindow;

  beforeAll(async () => {
    w = await openDesktopWindow();
  });
  afterAll(() => w?.close());

  /** The images the results panel lists: each thumbnail's natural size and the size its row states. */
  const thumbnails = () =>
    w.page
      .getByTestId('results-panel')
      .locator('li.artifact')
      .evaluateAll((rows) =>
        rows
          .map((row) => ({
            img: row.querySelector('img.artifact-thumb') as HTMLImageElement | null,
            text: row.textContent ?? '',
          }))
          .filter((row) => row.img)
          .map(({ img, text }) => ({
            src: img!.src,
            naturalWidth: img!.naturalWidth,
            naturalHeight: img!.naturalHeight,
            stated: /(\d+)×(\d+)/.exec(text)?.slice(1, 3).map(Number) ?? [],
          })),
      );

  /** Waits until the first `count` thumbnails have loaded, and returns them. */
  async function loadedThumbnails(count: number) {
    let shown: Awaited<ReturnType<typeof thumbnails>> = [];
    await waitFor(
      async () => {
        shown = await thumbnails();
        return shown.length >= count && shown.slice(0, count).every((t) => t.naturalWidth > 0);
      },
      `${count} thumbnails loaded`,
      20_000,
    );
    return shown.slice(0, count);
  }

  it('[desktop.R1] an example opened from the menu runs offline in the engine process, and the results panel shows its images from the app origin', async () => {
    const { page, harness, origin } = w;
    // The page came from the app:// handler with the app's CSP, and talks to main only: no /api/ request.
    expect(w.headersOf.get('app://adloom/index.html')?.['content-security-policy']).toBe(contentSecurityPolicy());
    await textMatching(page.locator('.status-bar [title="Workspace folder"]'), harness.workspace);

    // File ▸ Examples… in the native menu: main sends the command to the window.
    harness.emit(MENU_COMMAND_CHANNEL, { id: 'examples' });
    const dialog = page.getByTestId('examples-dialog');
    await visible(dialog);
    await dialog.locator(`[data-path="${EXAMPLE}"]`).click();
    await page.waitForSelector(node('export'));
    await textMatching(page.locator('.doc-path'), 'not saved');

    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    await page.keyboard.press('Control+Shift+R');
    const results = page.getByTestId('results-panel');
    await visible(results);
    await textMatching(results.locator('.run-status'), 'succeeded');

    // The first rows' thumbnails load, each at the size its row states, from the app's origin.
    const shown = await loadedThumbnails(3);
    for (const thumb of shown) {
      expect(thumb.src.startsWith(`${origin}/artifacts/`)).toBe(true);
      expect([thumb.naturalWidth, thumb.naturalHeight]).toEqual(thumb.stated);
    }
    // The app:// handler served them by hash, sandboxed.
    const served = shown.map((t) => w.headersOf.get(`app://adloom${t.src.slice(origin.length)}`));
    for (const headers of served) expect(headers?.['content-security-policy']).toBe(ARTIFACT_CSP);
    await screenshot(page, 'desktop-r1-results');

    expect(w.requests.filter((url) => new URL(url).pathname.startsWith('/api/'))).toEqual([]);
    expect(w.refused).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });

  it('[desktop.R2] the run history lists the runs after a reload, and reopens the example’s run with its images', async () => {
    const { page, harness } = w;
    // File ▸ Save as…: the native dialog chose the path, main sends it with the command.
    harness.emit(MENU_COMMAND_CHANNEL, { id: 'saveAs', path: SAVED });
    await textMatching(page.locator('.doc-path'), SAVED);
    await gone(page.getByTestId('dirty-marker'));
    expect(existsSync(join(harness.workspace, SAVED))).toBe(true);
    const reported = { channel: DOCUMENT_STATE_CHANNEL, payload: { path: SAVED, title: 'Display set', isDirty: false } };
    await waitFor(() => harness.sent.some((s) => isDeepStrictEqual(s, reported)), 'the saved document reported to main');
    // The saved graph runs again, from the cache.
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');

    // A reload reopens the file; the runs come from their folders on disk, over IPC.
    await page.reload();
    await page.waitForSelector(node('export'));
    await textMatching(page.locator('.doc-path'), SAVED);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+Shift+H');
    const panel = page.getByRole('region', { name: 'Run history' });
    await visible(panel);
    const entries = panel.locator('.run-entry');
    await waitFor(async () => (await entries.count()) === 1, 'the saved graph’s run listed');
    expect(await entries.first().getAttribute('aria-label')).toMatch(/, succeeded, \d+\.\d s, 0 done, \d+ cached, 0 failed$/);
    await panel.getByRole('button', { name: 'All runs' }).click();
    await waitFor(async () => (await entries.count()) === 2, 'both runs listed');
    // The example's run, the older one, did the work.
    const first = entries.nth(1);
    expect(await first.getAttribute('aria-label')).toMatch(
      /, Display set, succeeded, \d+\.\d s, [1-9]\d* done, 0 cached, 0 failed$/,
    );
    await first.click();
    await textMatching(page.getByTestId('past-run-banner'), /— viewing a past runBack to current$/);
    const results = page.getByTestId('results-panel');
    await textMatching(results.locator('.chip.past-run'), /— viewing$/);
    await textMatching(results.locator('.run-status'), 'succeeded');
    for (const thumb of await loadedThumbnails(3)) expect([thumb.naturalWidth, thumb.naturalHeight]).toEqual(thumb.stated);
    await screenshot(page, 'desktop-r2-past-run');
    expect(w.refused).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });

  it('[desktop.R3] the settings dialog shows the settings from main and saves a change into the user data folder', async () => {
    const { page, harness } = w;
    harness.emit(MENU_COMMAND_CHANNEL, { id: 'settings' });
    const dialog = page.getByTestId('settings-dialog');
    await visible(dialog);
    const url = dialog.locator('#compatible-url');
    await visible(url);
    expect(await url.inputValue()).toBe('');
    expect(await dialog.locator('#default-text').inputValue()).toBe('offline');
    await url.fill('http://127.0.0.1:11434/v1');
    await dialog.locator('#compatible-model').fill('llama3.2');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await gone(dialog);
    await visible(page.locator('.toast', { hasText: 'Settings saved' }));
    const saved = JSON.parse(await readFile(join(harness.userData, 'settings.json'), 'utf8'));
    expect(saved.providers.compatible).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'llama3.2' });

    // Shown again after a reload: read back from main.
    await page.reload();
    await page.waitForSelector(node('export'));
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+,');
    await visible(dialog);
    await waitFor(
      async () => (await url.count()) === 1 && (await url.inputValue()) === 'http://127.0.0.1:11434/v1',
      'the saved URL shown',
    );
    expect(w.refused).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });
});
