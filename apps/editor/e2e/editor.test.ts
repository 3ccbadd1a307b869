import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, loadGraphText, serializeGraph } from '@adloom/graph';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adloom,
  centerOf,
  drag,
  type EditorSession,
  gone,
  handle,
  node,
  screenshot,
  selectNode,
  startEditorSession,
  textMatching,
  visible,
  waitFor,
} from './browser-kit.ts';

/** The document as the editor would save it. */
const docText = (page: Page) => page.evaluate(() => window.adloomEditor!.doc.getState().text());
const edges = (page: Page) => page.evaluate(() => window.adloomEditor!.doc.getState().graph.edges);
const undoSteps = (page: Page) => page.evaluate(() => window.adloomEditor!.undoHistory.getState().past.length);

describe('the editor in a real browser against adloom serve', () => {
  let session: EditorSession;
  let workspace: string;
  let page: Page;
  let catalog: Catalog;
  let hasImages = false;

  beforeAll(async () => {
    session = await startEditorSession({ name: 'editor' });
    ({ workspace, page } = session);
    // A script reads the session secret where the editor does: in the page the server sends.
    const secret = /name="adloom-session" content="([^"]+)"/.exec(await (await fetch(session.url)).text())?.[1] ?? '';
    catalog = (await (
      await fetch(new URL('api/catalog', session.url), { headers: { 'x-adloom-session': secret } })
    ).json()) as Catalog;
    hasImages = Object.hasOwn(catalog.nodes, 'image.generate');
  });

  afterAll(() => session?.close());

  it('[E2E1] builds a graph from an empty canvas with the palette and the mouse, and runs it offline', async () => {
    await visible(page.locator('.canvas-empty'));
    // The palette opens at the pointer with Tab; Enter adds the best match there.
    await page.mouse.move(460, 260);
    await page.keyboard.press('Tab');
    await page.keyboard.type('text input');
    await page.keyboard.press('Enter');
    await page.waitForSelector(node('text'));
    await page.locator('[data-param="default"] textarea').fill('trail shoes');

    // …or with a double-click on the canvas.
    await page.mouse.dblclick(820, 260);
    await page.keyboard.type('template');
    await page.keyboard.press('Enter');
    await page.waitForSelector(node('template'));
    await page.locator('[data-param="template"] textarea').pressSequentially('Ad for {{product}}', { delay: 15 });
    // Each {{placeholder}} becomes an input port.
    await page.waitForSelector(handle('template', 'product', 'target'));
    await drag(
      page,
      await centerOf(page, handle('text', 'text', 'source')),
      await centerOf(page, handle('template', 'product', 'target')),
    );
    expect(await edges(page)).toEqual([{ from: 'text.text', to: 'template.product' }]);

    if (hasImages) {
      await page.mouse.dblclick(820, 560);
      await page.keyboard.type('generate images');
      await page.keyboard.press('Enter');
      await page.waitForSelector(node('generate'));
      await drag(
        page,
        await centerOf(page, handle('template', 'text', 'source')),
        await centerOf(page, handle('generate', 'prompt', 'target')),
      );
      expect(await edges(page)).toContainEqual({ from: 'template.text', to: 'generate.prompt' });
    }

    await textMatching(page.getByTestId('problems-button'), /^0 errors/);
    await page.click('[data-command="runAll"]');
    await page.waitForFunction(
      () => ['succeeded', 'failed', 'cancelled'].includes(window.adloomEditor!.run.getState().status),
      null,
      {
        timeout: 90_000,
      },
    );
    expect(await page.evaluate(() => window.adloomEditor!.run.getState().status)).toBe('succeeded');
    await visible(page.locator('[data-results-for="template"] .result-text'));
    await textMatching(page.locator('[data-results-for="template"] .result-text'), 'Ad for trail shoes');
    expect(await page.locator(`${node('template')} .node-run`).getAttribute('data-status')).toMatch(/^(Done|Cached)$/);
    if (hasImages) {
      const thumbnail = page.locator('[data-results-for="generate"] img').first();
      await visible(thumbnail);
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-results-for="generate"] img');
        return !!img && img.complete && img.naturalWidth > 0;
      });
      await thumbnail.click();
      await visible(page.getByTestId('lightbox').locator('img'));
      await screenshot(page, '01-lightbox');
      await page.keyboard.press('Escape');
      await gone(page.getByTestId('lightbox'));
    }
    await screenshot(page, '01-built-and-ran');
  });

  it('[E2E2] a connection canConnect refuses is shown refused, with its reason, while dragging', async () => {
    const before = await edges(page);
    const from = hasImages ? handle('generate', 'images', 'source') : handle('template', 'text', 'source');
    const reason = hasImages ? 'an image[] output does not fit a text input' : 'a node cannot feed its own input';
    let shown = '';
    await drag(page, await centerOf(page, from), await centerOf(page, handle('template', 'product', 'target')), async () => {
      const hint = page.getByTestId('connection-hint');
      await visible(hint);
      shown = (await hint.textContent()) ?? '';
      await screenshot(page, '02-refused-connection');
    });
    expect(shown).toBe(reason);
    expect(await edges(page)).toEqual(before);
    await gone(page.getByTestId('connection-hint'));
  });

  it('[E2E3] undo and redo restore the document exactly; a drag and a typing burst are one step each', async () => {
    const start = await docText(page);
    const steps = await undoSteps(page);
    const header = await centerOf(page, `${node('template')} .node-title`);
    await drag(page, header, { x: header.x + 90, y: header.y - 60 });
    const moved = await docText(page);
    expect(moved).not.toBe(start);
    expect(await undoSteps(page)).toBe(steps + 1);

    await selectNode(page, 'template');
    const field = page.locator('[data-param="template"] textarea');
    await field.click();
    await page.keyboard.press('End');
    await field.pressSequentially(' today', { delay: 20 });
    const typed = await docText(page);
    expect(typed).toContain('Ad for {{product}} today');
    expect(await undoSteps(page)).toBe(steps + 2);

    // Undo from inside the field is the document's undo.
    await page.keyboard.press('Control+z');
    expect(await docText(page)).toBe(moved);
    await page.mouse.click(700, 760);
    await page.keyboard.press('Control+z');
    expect(await docText(page)).toBe(start);
    await page.keyboard.press('Control+Shift+z');
    expect(await docText(page)).toBe(moved);
    await page.keyboard.press('Control+y');
    expect(await docText(page)).toBe(typed);
    // Selecting is not a step.
    await selectNode(page, 'text');
    expect(await undoSteps(page)).toBe(steps + 2);
    // Deleting a node takes its wires; undo puts both back where they were in the file.
    await page.keyboard.press('Delete');
    await gone(page.locator(node('text')));
    expect((await edges(page)).some((e) => e.from === 'text.text')).toBe(false);
    await page.keyboard.press('Control+z');
    await visible(page.locator(node('text')));
    expect(await docText(page)).toBe(typed);
  });

  it('[E2E7] a wire dropped on empty canvas offers the nodes it can feed, and connects the one picked', async () => {
    const before = await docText(page);
    const from = await centerOf(page, handle('text', 'text', 'source'));
    // Below the text node, left of Generate images (placed a node gap clear of Template): empty canvas.
    await drag(page, from, { x: from.x - 150, y: from.y + 330 });
    const search = page.locator('.palette-search');
    await visible(search);
    expect(await search.getAttribute('placeholder')).toBe('Nodes that connect to text.text');
    // Only node types with an input that takes text are offered.
    expect(await page.locator('.palette-item[data-type="input.text"]').count()).toBe(0);
    await search.pressSequentially('join', { delay: 10 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(node('join'));
    expect(await edges(page)).toContainEqual({ from: 'text.text', to: 'join.items' });
    await screenshot(page, '07-wire-dropped');
    // Adding and connecting were one step.
    await page.mouse.click(700, 760);
    await page.keyboard.press('Control+z');
    expect(await docText(page)).toBe(before);
  });

  it('[E2E4] saves a file that is byte for byte what the CLI reads and writes, and reopens it on reload', async () => {
    await visible(page.getByTestId('dirty-marker'));
    await page.mouse.click(700, 760);
    await page.keyboard.press('Control+s');
    await page.locator('#save-as-path').fill('launch.adloom.json');
    await page.keyboard.press('Enter');
    const file = join(workspace, 'launch.adloom.json');
    await waitFor(() => existsSync(file), 'the saved file');
    await gone(page.getByTestId('dirty-marker'));
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(await docText(page));
    const loaded = loadGraphText(text);
    expect(loaded.graph).toBeDefined();
    expect(serializeGraph(loaded.graph!)).toBe(text);
    const validated = await adloom(['validate', file]);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);

    await page.reload();
    await page.waitForSelector(node('template'));
    await textMatching(page.locator('.doc-path'), 'launch.adloom.json');
    expect(await docText(page)).toBe(text);
    await gone(page.getByTestId('dirty-marker'));
    // Saving an unchanged file writes the same bytes.
    await page.keyboard.press('Control+s');
    await textMatching(page.locator('.toast.success').last(), /Saved launch\.adloom\.json/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('[E2E5] after the host is killed mid-edit and restarted, reopening offers the unsaved work back', async () => {
    await selectNode(page, 'template');
    const field = page.locator('[data-param="template"] textarea');
    await field.fill('Unsaved: {{product}} grip wet rock');
    const edited = await docText(page);
    const journal = join(workspace, '.launch.adloom.json.recovery.json');
    await waitFor(() => existsSync(journal) && readFileSync(journal, 'utf8').includes('grip wet rock'), 'the recovery journal');

    await session.server.kill();
    // The editor keeps the work and says the host is gone once it next tries to reach it.
    await field.pressSequentially('!', { delay: 10 });
    await visible(page.getByTestId('host-banner'), 10_000);
    await screenshot(page, '05-host-gone');

    await session.restartServer();
    await page.reload();
    const dialog = page.getByTestId('recovery-dialog');
    await visible(dialog);
    await textMatching(dialog, /Recover unsaved changes from/);
    await screenshot(page, '05-recovery-offered');
    await dialog.getByRole('button', { name: 'Restore' }).click();
    const restored = await docText(page);
    expect(restored).toContain('Unsaved: {{product}} grip wet rock');
    expect([edited, edited.replace('grip wet rock', 'grip wet rock!')]).toContain(restored);
    await visible(page.getByTestId('dirty-marker'));
    // Undo goes back to the file on disk.
    await page.mouse.click(700, 760);
    await page.keyboard.press('Control+z');
    expect(await docText(page)).toBe(readFileSync(join(workspace, 'launch.adloom.json'), 'utf8'));
  });

  it('[E2E8] an untitled graph that was never saved is offered back after a reload', async () => {
    await page.mouse.click(700, 760);
    await page.keyboard.press('Alt+n');
    await visible(page.locator('.canvas-empty'));
    await page.mouse.move(600, 300);
    await page.keyboard.press('Tab');
    await page.keyboard.type('json input');
    await page.keyboard.press('Enter');
    await page.waitForSelector(node('json'));
    const journalDir = join(workspace, '.adloom', 'recovery');
    // Wait for this graph's own journal entry (with its node), not any untitled journal an
    // earlier step left: reloading before the autosave lands would offer nothing back.
    await waitFor(
      () =>
        existsSync(journalDir) &&
        readdirSync(journalDir).some(
          (f) => f.startsWith('untitled-') && readFileSync(join(journalDir, f), 'utf8').includes('input.json'),
        ),
      'the untitled journal',
    );
    const unsaved = await docText(page);
    await page.reload();
    const dialog = page.getByTestId('recovery-dialog');
    await visible(dialog);
    await textMatching(dialog, /never saved/);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    expect(await docText(page)).toBe(unsaved);
    await visible(page.locator(node('json')));
  });

  // Last but one: the layout it redoes and undoes also moves the view, which the drags above aim by.
  it('[E2E9] Auto-layout moves the nodes as one undo step: one Undo puts every node back, Redo lays them out again', async () => {
    const before = await docText(page);
    const steps = await undoSteps(page);
    await page.mouse.click(700, 760);
    await page.keyboard.press('Control+Shift+l');
    await waitFor(async () => (await docText(page)) !== before, 'the nodes laid out');
    const laidOut = await docText(page);
    expect(await undoSteps(page)).toBe(steps + 1);
    await page.keyboard.press('Control+z');
    expect(await docText(page)).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    expect(await docText(page)).toBe(laidOut);
    await page.keyboard.press('Control+z');
    expect(await docText(page)).toBe(before);
  });

  it('[E2E6] raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
