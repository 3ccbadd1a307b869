import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeChatServer, startFakeChatServer, streamed } from '@adloom/assistant/test/fake-chat-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorSession, gone, screenshot, startEditorSession, textMatching, visible } from './browser-kit.ts';

describe('[editor.A2] the assistant’s model is chosen in the settings dialog', () => {
  let session: EditorSession;
  let model: FakeChatServer;
  let page: Page;
  const file = 'launch.adloom.json';
  const dialog = () => page.getByTestId('settings-dialog');

  beforeAll(async () => {
    model = await startFakeChatServer();
    session = await startEditorSession({
      name: 'assistant-model',
      prepare: (workspace) =>
        writeFileSync(join(workspace, file), `${JSON.stringify({ adloom: 1, name: 'Launch', nodes: {}, edges: [] }, null, 2)}\n`),
      open: file,
    });
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    await model?.close();
  });

  it('a compatible server and a model set there answer in the panel, and the choice is kept', async () => {
    await page.keyboard.press('Control+,');
    await visible(dialog());
    expect(await dialog().locator('#assistant-provider').inputValue()).toBe('offline');
    expect(await dialog().locator('#assistant-model').count()).toBe(0);
    await dialog().locator('#compatible-url').fill(model.baseUrl);
    await dialog().locator('#assistant-provider').selectOption('compatible');
    await dialog().locator('#assistant-model').fill('kayak-writer-7b');
    await screenshot(page, 'assistant-model-settings');
    await dialog().getByRole('button', { name: 'Save', exact: true }).click();
    await gone(dialog());

    model.reply(streamed('Hello from the compatible server.'));
    await page.keyboard.press('Alt+A');
    const panel = page.getByTestId('assistant-panel');
    const input = panel.locator('[data-assistant-input]');
    await input.click();
    await input.fill('what can you do?');
    await input.press('Enter');
    await textMatching(panel.locator('.assistant-message.assistant').last(), /Hello from the compatible server/, 30_000);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.body.model).toBe('kayak-writer-7b');

    await page.reload();
    await textMatching(page.locator('.doc-path'), file, 30_000);
    await page.keyboard.press('Control+,');
    await visible(dialog());
    expect(await dialog().locator('#assistant-provider').inputValue()).toBe('compatible');
    expect(await dialog().locator('#assistant-model').inputValue()).toBe('kayak-writer-7b');
  });
});
