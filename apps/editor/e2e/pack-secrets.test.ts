import { createHmac } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorSession,
  gone,
  repoRoot,
  runEnded,
  screenshot,
  startEditorSession,
  textMatching,
  visible,
  writeGraph,
} from './browser-kit.ts';

const KEY = 'kayak-team-signing-key-7f3a';
const link = 'https://example.com/kayaks?utm_source=tiktok&utm_medium=paid_social&utm_campaign=spring-launch';

describe('[editor.S1] a node pack’s secret in the settings dialog', () => {
  let session: EditorSession;
  let page: Page;
  /** Every body the page was sent, to look for the key in. */
  const received: Promise<string>[] = [];

  beforeAll(async () => {
    session = await startEditorSession({
      name: 'pack-secrets',
      prepare: (workspace) => {
        cpSync(join(repoRoot, 'examples/packs/utm-links'), join(workspace, '.adloom', 'packs', 'utm-links'), { recursive: true });
        writeGraph(
          workspace,
          'links',
          {
            link: {
              type: 'utm.link',
              params: { url: 'https://example.com/kayaks', campaign: 'spring-launch' },
              ui: { x: 200, y: 120 },
            },
          },
          [],
        );
      },
      viewport: { width: 1280, height: 900 },
    });
    page = session.page;
    page.on('response', (response) => {
      // A run's event stream is read through the editor's own state below.
      if (!response.url().includes('/events')) received.push(response.text().catch(() => ''));
    });
  });

  afterAll(() => session?.close());

  const row = () => page.locator('[data-testid="pack-secrets"] [data-secret="UTM_LINKS_SIGNING_KEY"]');

  async function closeSettings(): Promise<void> {
    await page.locator('[data-testid="settings-dialog"]').getByRole('button', { name: 'Cancel', exact: true }).click();
    await gone(page.locator('[data-testid="settings-dialog"]'));
  }

  async function openSettings(): Promise<void> {
    await page.keyboard.press('Control+,');
    await visible(page.locator('[data-testid="settings-dialog"]'));
  }

  it('shows the secret with what it is for and the pack that asks; storing it flips it to set, and the value never comes back', async () => {
    await session.open('links.adloom.json', 'link');
    await openSettings();
    await visible(row());
    expect(await row().locator('.secret-about').textContent()).toBe(
      'Signs each campaign link (utm_sig), so your landing page can tell links your team made · asked for by the node pack adloom-pack-utm-links',
    );
    expect(await row().locator('.secret-status').textContent()).toBe('not set');
    // The built-in keys stay in their own section.
    expect(await page.locator('[data-testid="pack-secrets"] [data-secret="OPENAI_API_KEY"]').count()).toBe(0);
    await visible(page.locator('[data-testid="settings-dialog"] [data-secret="OPENAI_API_KEY"]'));

    await row().locator('input[type="password"]').fill(KEY);
    await row().getByRole('button', { name: 'Store' }).click();
    await textMatching(row().locator('.secret-status'), 'set');
    expect(await row().locator('input[type="password"]').inputValue()).toBe('');
    await visible(row().getByRole('button', { name: 'Remove' }));
    await row().scrollIntoViewIfNeeded();
    await screenshot(page, 's1-pack-secret-set');
    expect(await page.content()).not.toContain(KEY);
    // Opened again, the dialog asks the host afresh: still set, still no value.
    await closeSettings();
    await openSettings();
    await textMatching(row().locator('.secret-status'), 'set');
    await closeSettings();
  });

  it('reaches the pack’s node in a run, which signs its link with it', async () => {
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    const signature = createHmac('sha256', KEY).update(link).digest('hex').slice(0, 16);
    await textMatching(page.locator('[data-results-for="link"] .result-text'), `${link}&utm_sig=${signature}`);
    const state = await page.evaluate(() => JSON.stringify(window.adloomEditor!.run.getState()));
    expect(state).not.toContain(KEY);
  });

  it('is removed with Remove, and then runs leave links unsigned', async () => {
    await openSettings();
    await row().getByRole('button', { name: 'Remove' }).click();
    await textMatching(row().locator('.secret-status'), 'not set');
    await closeSettings();
    await page.click('[data-command="runAll"]');
    expect(await runEnded(page)).toBe('succeeded');
    await textMatching(page.locator('[data-results-for="link"] .result-text'), link);
  });

  it('sent the page nothing that holds the key, and raised no page errors', async () => {
    const bodies = await Promise.all(received);
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.filter((body) => body.includes(KEY))).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
