import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorSession,
  editorUrl,
  gone,
  node,
  runEnded,
  screenshot,
  selectNode,
  startEditorSession,
  textMatching,
  visible,
  waitFor,
} from './browser-kit.ts';

const docText = (page: Page) => page.evaluate(() => window.adloomEditor!.doc.getState().text());
const docNodeCount = (page: Page) => page.evaluate(() => Object.keys(window.adloomEditor!.doc.getState().graph.nodes).length);
const undoSteps = (page: Page) => page.evaluate(() => window.adloomEditor!.undoHistory.getState().past.length);
const isDirty = (page: Page) =>
  page.evaluate(() => {
    const s = window.adloomEditor!.undoHistory.getState();
    return s.position !== s.savedPosition;
  });

// A new graph file as a designer starts one: no saved view, so saving again writes the same bytes.
const ORIGINAL = `${JSON.stringify({ adloom: 1, name: 'Launch', description: 'launch week', nodes: {}, edges: [] }, null, 2)}\n`;

const BRIEF = 'two Meta feed ads for the Orca kayak, calm tone';

describe('the assistant panel in a real browser against adloom serve', () => {
  let session: EditorSession;
  let workspace: string;
  let page: Page;
  const file = 'launch.adloom.json';

  const panel = () => page.getByTestId('assistant-panel');
  const proposal = () => page.getByTestId('assistant-proposal');

  /** Types a message in the panel as a person does, and sends it with Enter. */
  async function say(message: string): Promise<void> {
    const input = panel().locator('[data-assistant-input]');
    await input.click();
    await input.fill(message);
    await input.press('Enter');
  }

  /** Waits until the assistant's last turn has ended. */
  async function turnEnded(): Promise<void> {
    await waitFor(
      () =>
        page.evaluate(() => {
          const { conversation } = window.adloomEditor!.assistant.store.getState();
          const last = conversation.items.at(-1);
          return conversation.turnId === null && last?.role === 'assistant' && last.status !== undefined;
        }),
      'the assistant to finish its turn',
      60_000,
    );
  }

  async function openFile(): Promise<void> {
    await page.goto(editorUrl(session, `?open=${encodeURIComponent(file)}`));
    await textMatching(page.locator('.doc-path'), file, 30_000);
    await page.waitForSelector('.react-flow__pane');
  }

  beforeAll(async () => {
    session = await startEditorSession({
      name: 'assistant',
      prepare: (workspace) => {
        writeFileSync(join(workspace, file), ORIGINAL);
        // A graph whose run fails: its product shot is not in the workspace.
        const broken = {
          adloom: 1,
          name: 'Broken',
          nodes: { shot: { type: 'input.image', params: { name: 'shot', default: 'missing.png' }, ui: { x: 0, y: 0 } } },
          edges: [],
        };
        writeFileSync(join(workspace, 'broken.adloom.json'), `${JSON.stringify(broken, null, 2)}\n`);
      },
      open: file,
    });
    ({ workspace, page } = session);
  });

  afterAll(() => session?.close());

  it('[editor.EA1] a brief typed in the panel shows its pipeline on the canvas before anything is applied', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Alt+a');
    await visible(panel());
    // Shift+Enter starts a new line; it sends nothing.
    const input = panel().locator('[data-assistant-input]');
    await input.pressSequentially('first line');
    await input.press('Shift+Enter');
    await input.pressSequentially('second line');
    expect(await input.inputValue()).toBe('first line\nsecond line');
    expect(await panel().locator('.assistant-message').count()).toBe(0);
    await say(BRIEF);
    await textMatching(panel().locator('.assistant-message.user').last(), BRIEF);
    await visible(proposal(), 60_000);
    await turnEnded();
    // Each tool step is one line with its mark; the answer names what it understood.
    await textMatching(panel().locator('.assistant-tool').first(), /^✓/);
    await textMatching(panel().locator('.assistant-text').last(), /Orca kayak/);
    // The new nodes are drawn, marked new, and none of them is in the document yet.
    const added = await page.locator('.react-flow__node.proposal-added').count();
    expect(added).toBeGreaterThan(3);
    expect(await page.locator('.react-flow__node.proposal-added', { hasText: 'copy' }).count()).toBeGreaterThan(0);
    expect(await docNodeCount(page)).toBe(0);
    expect(await docText(page)).toBe(ORIGINAL);
    const lines = await proposal().locator('.assistant-diff-line').allTextContents();
    expect(lines).toContain('+ node copy (llm.adCopy)');
    expect(lines.filter((l) => l.startsWith('+ node'))).toHaveLength(added);
    // The edit step and the proposal say one number: the changes the diff lists (the graph's new
    // name and description are two, made by one op).
    await textMatching(panel().locator('.assistant-tool').last(), new RegExp(`edit_graph: ${lines.length} changes proposed$`));
    expect(await panel().locator('.assistant-past-diff summary').last().textContent()).toBe(`Proposed ${lines.length} changes`);
    await page.waitForTimeout(600);
    await screenshot(page, 'assistant-1-proposal');
    await page.evaluate(() => window.adloomEditor!.reactFlow!.setViewport({ x: 40, y: -40, zoom: 0.75 }));
    await page.waitForTimeout(300);
    await screenshot(page, 'assistant-1-proposal-close');
  });

  it("[editor.EA15] the minimap draws a proposal's new nodes in the proposal's green before they are applied, and none overlaps another", async () => {
    const pixelsOf = (rgb: [number, number, number]) =>
      page.evaluate((rgb) => {
        const canvas = document.querySelector<HTMLCanvasElement>('.minimap canvas');
        const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let count = 0;
        for (let i = 0; i < data.length; i += 4) if (rgb.every((value, c) => Math.abs((data[i + c] ?? 0) - value) < 8)) count++;
        return count;
      }, rgb);
    await visible(page.locator('.minimap'));
    expect(await docNodeCount(page)).toBe(0);
    // The proposal's nodes in its green (--ok), none in the grey of a document node: there is none yet.
    expect(await pixelsOf([95, 207, 138])).toBeGreaterThan(200);
    expect(await pixelsOf([86, 96, 122])).toBe(0);
    // On the canvas itself no two proposed nodes overlap.
    const boxes = await page
      .locator('.react-flow__node.proposal-added')
      .evaluateAll((nodes) =>
        nodes.map((n) => n.getBoundingClientRect()).map(({ left, top, right, bottom }) => ({ left, top, right, bottom })),
      );
    const overlapping = boxes.filter((a, i) =>
      boxes.some((b, j) => i !== j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom),
    );
    expect(overlapping).toEqual([]);
    await screenshot(page, 'assistant-1-proposal-minimap');
  });

  it('[editor.EA2] Apply puts the proposal in as one undo step; the saved graph runs and shows its results', async () => {
    const stepsBefore = await undoSteps(page);
    await page.getByTestId('assistant-apply').click();
    await gone(proposal());
    await gone(page.locator('.react-flow__node.proposal-added'));
    expect(await undoSteps(page)).toBe(stepsBefore + 1);
    expect(await docNodeCount(page)).toBeGreaterThan(4);
    expect(await page.evaluate(() => window.adloomEditor!.doc.getState().graph.nodes.copy?.params)).toMatchObject({
      tone: 'calm',
      count: 2,
    });

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+s');
    await waitFor(async () => !(await isDirty(page)), 'the save');
    const saved = readFileSync(join(workspace, file), 'utf8');
    expect(saved).toBe(await docText(page));
    expect(saved).not.toBe(ORIGINAL);

    await page.locator('[data-command="runAll"]').click();
    expect(await runEnded(page)).toBe('succeeded');
    // The finished images show on the canvas, as after any run of the editor's own.
    await waitFor(
      () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLImageElement>('.react-flow__node img')].some(
            (img) => img.complete && img.naturalWidth > 0,
          ),
        ),
      'an image result on a node',
      30_000,
    );
    await page.evaluate(() => window.adloomEditor!.reactFlow!.setViewport({ x: 40, y: 40, zoom: 0.7 }));
    await page.waitForTimeout(400);
    await screenshot(page, 'assistant-2-applied-and-run');
  });

  it('[editor.EA3] "Ask about this node" sends a message naming the node, with it selected', async () => {
    await page.evaluate(() => window.adloomEditor!.revealNode('copy'));
    await selectNode(page, 'copy');
    await visible(page.locator('[data-inspector-node="copy"]'));
    await page.getByRole('button', { name: 'Ask about this node' }).click();
    await textMatching(panel().locator('.assistant-message.user').last(), 'What does copy do?');
    await turnEnded();
    expect(await page.evaluate(() => window.adloomEditor!.view.getState().selectedNodes)).toEqual(['copy']);
    const answer = (await panel().locator('.assistant-message.assistant').last().textContent()) ?? '';
    expect(answer).toMatch(/copy|Ad copy|llm\.adCopy/);
    await screenshot(page, 'assistant-3-ask-about-node');
  });

  it('[editor.EA4] one Undo takes the whole turn back, and saving then writes the original file byte for byte', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await docNodeCount(page)) === 0, 'the turn undone');
    await page.keyboard.press('Control+s');
    await waitFor(async () => !(await isDirty(page)), 'the save after undo');
    expect(readFileSync(join(workspace, file), 'utf8')).toBe(ORIGINAL);
  });

  it('[editor.EA5] Discard leaves the graph untouched', async () => {
    const before = await docText(page);
    const steps = await undoSteps(page);
    await say('three Instagram Stories ads for the Orca kayak, energetic');
    await visible(proposal(), 60_000);
    await turnEnded();
    expect(await page.locator('.react-flow__node.proposal-added').count()).toBeGreaterThan(0);
    await page.getByTestId('assistant-discard').click();
    await gone(proposal());
    await gone(page.locator('.react-flow__node.proposal-added'));
    expect(await docText(page)).toBe(before);
    expect(await undoSteps(page)).toBe(steps);
    expect(await isDirty(page)).toBe(false);
  });

  it('[editor.EA6] after a reload the conversation shows again; New conversation clears it', async () => {
    const messages = await panel().locator('.assistant-message.user').allTextContents();
    expect(messages).toContain(BRIEF);
    await openFile();
    await visible(panel());
    await waitFor(
      async () => (await panel().locator('.assistant-message.user').allTextContents()).join('\n') === messages.join('\n'),
      'the conversation read back',
    );
    // The turn that proposed the pipeline lists its diff lines again.
    expect(await panel().locator('.assistant-message.assistant').first().textContent()).toMatch(/Orca kayak/);
    await screenshot(page, 'assistant-4-after-reload');

    await panel().getByRole('button', { name: 'New conversation' }).click();
    await gone(panel().locator('.assistant-message'));
    await openFile();
    await visible(panel());
    await visible(panel().locator('.assistant-empty'));
    expect(await panel().locator('.assistant-message').count()).toBe(0);
  });

  it("[editor.EA7] a run the assistant starts is followed like the editor's own: its results show on the canvas", async () => {
    await say('two Meta feed ads for the Orca kayak, and run it');
    await turnEnded();
    expect(await runEnded(page)).toBe('succeeded');
    const run = await page.evaluate(() => window.adloomEditor!.run.getState());
    expect(run.runId).toBeTruthy();
    expect(run.nodes.copy?.status).toMatch(/done|cached/);
    // The proposal is not applied: its new node shows the run's result on the canvas all the same.
    await page.evaluate(() => window.adloomEditor!.reactFlow!.setViewport({ x: 40, y: 40, zoom: 0.75 }));
    await textMatching(page.locator(`${node('copy')} .node-run`), /ms|s$/);
    await screenshot(page, 'assistant-5-assistant-run');
    await page.getByTestId('assistant-discard').click();
    await gone(proposal());
  });

  it('[editor.EA8] a run that would reach a paid provider waits for a yes or no; No runs nothing', async () => {
    const runBefore = await page.evaluate(() => window.adloomEditor!.run.getState().runId);
    await say('two Meta feed ads for the Orca kayak, copy by openai, and run it');
    const confirm = panel().getByTestId('assistant-confirm');
    await visible(confirm, 60_000);
    await textMatching(confirm, /openai|OpenAI|\$|cost/i);
    // A line per node, as a designer reads a quote: provider, model, requests, cost. "copy by
    // openai" is the copy node alone: the images stay offline and cost nothing.
    const quote = ((await confirm.textContent()) ?? '').split('\n');
    expect(quote).toContainEqual(
      expect.stringMatching(
        /^• node "copy" \(llm\.adCopy\): OpenAI gpt-4o-mini, 2 requests each time it runs, about \$0\.\d{4}\.$/,
      ),
    );
    expect(quote.filter((line) => line.startsWith('• node'))).toHaveLength(1);
    await screenshot(page, 'assistant-6-confirm');
    await confirm.getByRole('button', { name: 'No' }).click();
    await turnEnded();
    await textMatching(panel().locator('.assistant-tool.failed').last(), /run_graph/);
    expect(await page.evaluate(() => window.adloomEditor!.run.getState().runId)).toBe(runBefore);
  });

  it('[editor.EA9] an edit marks the nodes it changes, naming the params; applied after an edit of the graph meanwhile, it keeps that edit', async () => {
    await say(BRIEF);
    await visible(proposal(), 60_000);
    await turnEnded();
    await page.getByTestId('assistant-apply').click();
    await gone(proposal());
    await say('energetic tone, 3 variants');
    await visible(proposal(), 60_000);
    await turnEnded();
    // The canvas draws only the nodes in view.
    await page.evaluate(() => window.adloomEditor!.revealNode('copy'));
    const copy = page.locator(`${node('copy')}.proposal-changed`);
    await visible(copy);
    expect(await copy.getAttribute('title')).toMatch(/^The proposal changes .*count.*tone|^The proposal changes .*tone.*count/);
    expect(await page.evaluate(() => window.adloomEditor!.doc.getState().graph.nodes.copy?.params?.count)).toBe(2);
    await page.evaluate(() => window.adloomEditor!.reactFlow!.setViewport({ x: 40, y: 140, zoom: 0.75 }));
    await page.waitForTimeout(300);
    await screenshot(page, 'assistant-7-changed');

    // The graph is renamed while the proposal waits: Apply applies its ops to the graph as it is now.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.locator('#graph-name').fill('Orca spring');
    await page.getByTestId('assistant-apply').click();
    await textMatching(page.locator('.toast').last(), /as you edited it since/);
    const graph = await page.evaluate(() => window.adloomEditor!.doc.getState().graph);
    expect(graph.name).toBe('Orca spring');
    expect(graph.nodes.copy?.params).toMatchObject({ count: 3, tone: 'energetic' });
  });

  it('[editor.EA10] a proposal that no longer fits the graph is not applied, and the panel says why', async () => {
    await say('calm tone, 2 variants');
    await visible(proposal(), 60_000);
    await turnEnded();
    const before = await page.evaluate(() => {
      const doc = window.adloomEditor!.doc.getState();
      doc.removeNodes(['copy']);
      return doc.text();
    });
    await page.getByTestId('assistant-apply').click();
    await gone(proposal());
    await textMatching(panel().locator('.assistant-error').last(), /no longer applies.*copy/);
    expect(await docText(page)).toBe(before);
    await textMatching(panel().locator('.assistant-outcome').last(), /Not applied/);
  });

  it('[editor.EA11] "Explain this failure" on a failed node asks why the run failed there, with the node selected', async () => {
    await page.goto(editorUrl(session, '?open=broken.adloom.json'));
    await page.waitForSelector(node('shot'));
    await page.locator('[data-command="runAll"]').click();
    expect(await runEnded(page)).toBe('failed');
    await selectNode(page, 'shot');
    await visible(page.locator('[data-inspector-node="shot"]'));
    await page.getByRole('button', { name: 'Explain this failure' }).click();
    await textMatching(panel().locator('.assistant-message.user').last(), 'Why did the last run fail at shot?');
    await turnEnded();
    expect(await page.evaluate(() => window.adloomEditor!.view.getState().selectedNodes)).toEqual(['shot']);
    expect((await panel().locator('.assistant-message.assistant').last().textContent())?.length).toBeGreaterThan(0);
    await screenshot(page, 'assistant-8-explain-failure');
  });

  it('[editor.EA12] Stop ends a turn that waits on a yes or no: it is cancelled and proposes nothing', async () => {
    await page.goto(editorUrl(session, '?new=1'));
    await page.waitForSelector('.canvas-empty');
    await say('two Meta feed ads for the Orca kayak, copy by openai, and run it');
    await visible(panel().getByTestId('assistant-confirm'), 60_000);
    await panel().getByTestId('assistant-stop').click();
    await turnEnded();
    expect(await page.evaluate(() => window.adloomEditor!.assistant.store.getState().conversation.items.at(-1)?.status)).toBe(
      'cancelled',
    );
    await textMatching(panel().locator('.assistant-ending').last(), 'Stopped.');
    expect(await page.evaluate(() => window.adloomEditor!.assistant.store.getState().pending)).toBeNull();
    await gone(panel().getByTestId('assistant-stop'));
  });

  it('[editor.EA13] with "apply at once" set, a proposal goes straight into the document, still as one undo step', async () => {
    await page.locator('.toolbar .icon-button[title="Settings"]').click();
    const dialog = page.getByTestId('settings-dialog');
    await visible(dialog);
    await dialog.getByLabel(/Apply the assistant's proposals at once/).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await gone(dialog);
    const steps = await undoSteps(page);
    await say(BRIEF);
    await turnEnded();
    await waitFor(async () => (await docNodeCount(page)) > 4, 'the proposal applied');
    expect(await proposal().count()).toBe(0);
    expect(await undoSteps(page)).toBe(steps + 1);
    await textMatching(panel().locator('.assistant-outcome').last(), /Applied/);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await docNodeCount(page)) === 0, 'the turn undone');
    expect(session.pageErrors).toEqual([]);
  });

  it('[editor.EA14] a new graph’s conversation is still there after it is saved for the first time and the page reloads', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Alt+n');
    const unsaved = page.getByRole('button', { name: 'Don’t save' });
    if (await unsaved.isVisible().catch(() => false)) await unsaved.click();
    await waitFor(async () => (await page.evaluate(() => window.adloomEditor!.doc.getState().path)) === null, 'a new graph');
    await visible(panel());
    await visible(panel().locator('.assistant-empty'));
    await say('what can you do?');
    await turnEnded();
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+s');
    await page.locator('#save-as-path').fill('first-save.adloom.json');
    await page.keyboard.press('Enter');
    await textMatching(page.locator('.doc-path'), 'first-save.adloom.json', 30_000);
    await page.goto(editorUrl(session, '?open=first-save.adloom.json'));
    await textMatching(page.locator('.doc-path'), 'first-save.adloom.json', 30_000);
    await visible(panel());
    await textMatching(panel().locator('.assistant-message.user').last(), 'what can you do?');
    expect(session.pageErrors).toEqual([]);
  });
});
