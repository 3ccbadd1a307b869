import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cascade, type DisplayArea, displayLayoutKey, restoreWindowState, WindowStateStore } from './window-state.ts';

const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1440 } };

async function tempFile() {
  return join(await mkdtemp(join(tmpdir(), 'adloom-window-')), 'window-state.json');
}

describe('window state', () => {
  it('[desktop.W1] comes back where it was, maximized or not, for the same displays', async () => {
    const file = await tempFile();
    const store = new WindowStateStore(file);
    const state = { bounds: { x: 1600, y: 100, width: 1800, height: 1100 }, isMaximized: true, isFullScreen: false };
    await store.save(state, [laptop, monitor]);
    expect(await new WindowStateStore(file).load([laptop, monitor])).toEqual(state);
  });

  it('[desktop.W2] remembers one place per arrangement of displays', async () => {
    const store = new WindowStateStore(await tempFile());
    const docked = { bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, isMaximized: false, isFullScreen: false };
    const alone = { bounds: { x: 40, y: 60, width: 1200, height: 800 }, isMaximized: false, isFullScreen: false };
    await store.save(docked, [laptop, monitor]);
    await store.save(alone, [laptop]);
    expect((await store.load([laptop, monitor])).bounds).toEqual(docked.bounds);
    expect((await store.load([laptop])).bounds).toEqual(alone.bounds);
    expect(displayLayoutKey([monitor, laptop])).toBe(displayLayoutKey([laptop, monitor]));
  });

  it('[desktop.W3] a window saved on a display that is gone opens centered on the primary one', () => {
    const saved = { bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, isMaximized: false, isFullScreen: false };
    const restored = restoreWindowState(saved, [laptop]);
    expect(restored.bounds).toEqual({ x: 80, y: 53, width: 1280, height: 820 });
    expect(restored.isMaximized).toBe(false);
  });

  it('[desktop.W4] caps a window larger than its display and pulls it fully onto it', () => {
    const saved = { bounds: { x: -300, y: 0, width: 3000, height: 2000 }, isMaximized: false, isFullScreen: false };
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    const halfOff = { bounds: { x: 1300, y: 500, width: 800, height: 600 }, isMaximized: false, isFullScreen: false };
    expect(restoreWindowState(halfOff, [laptop]).bounds).toEqual({ x: 640, y: 300, width: 800, height: 600 });
  });

  it('[desktop.W5] writes atomically and reads a damaged file as no state', async () => {
    const file = await tempFile();
    const store = new WindowStateStore(file);
    await Promise.all([
      store.save({ bounds: { x: 1, y: 30, width: 900, height: 700 }, isMaximized: false, isFullScreen: false }, [laptop]),
      store.save({ bounds: { x: 1500, y: 30, width: 900, height: 700 }, isMaximized: false, isFullScreen: false }, [
        laptop,
        monitor,
      ]),
    ]);
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(parsed.layouts)).toHaveLength(2);
    await writeFile(file, '{"adloomWindowSt');
    expect((await store.load([laptop])).bounds).toEqual({ x: 80, y: 53, width: 1280, height: 820 });
  });

  it('[desktop.W6] cascades a new window off the one already at its place', () => {
    const bounds = { x: 100, y: 100, width: 800, height: 600 };
    expect(cascade(bounds, [], [laptop])).toEqual(bounds);
    expect(cascade(bounds, [bounds], [laptop])).toEqual({ ...bounds, x: 128, y: 128 });
    expect(cascade(bounds, [bounds, { ...bounds, x: 128, y: 128 }], [laptop])).toEqual({ ...bounds, x: 156, y: 156 });
  });
});
