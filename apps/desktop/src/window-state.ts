import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@adloom/engine';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A connected display, as Electron's `screen.getAllDisplays()` gives it. */
export interface DisplayArea {
  id: number;
  workArea: Rectangle;
}

export interface WindowState {
  bounds: Rectangle;
  isMaximized: boolean;
  isFullScreen: boolean;
}

interface WindowStateFile {
  adloomWindowState: 1;
  /** The last state per arrangement of displays: the laptop alone, docked to a monitor… */
  layouts: Record<string, WindowState>;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** This much of a window must show on a display for its saved place to count (its title bar, grabbable). */
const MIN_VISIBLE = 64;
const CASCADE_STEP = 28;

/** Names an arrangement of displays: which ones, where, how large. */
export function displayLayoutKey(displays: readonly DisplayArea[]): string {
  return displays
    .map((d) => `${d.id}@${d.workArea.x},${d.workArea.y},${d.workArea.width}x${d.workArea.height}`)
    .sort()
    .join('|');
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** The display a rectangle shows on most, if it shows enough on any. */
function displayShowing(bounds: Rectangle, displays: readonly DisplayArea[]): DisplayArea | undefined {
  let best: DisplayArea | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const { width, height } = overlap(bounds, display.workArea);
    if (width < MIN_VISIBLE || height < MIN_VISIBLE / 2) continue;
    if (width * height > bestArea) {
      best = display;
      bestArea = width * height;
    }
  }
  return best;
}

function centeredOn(display: DisplayArea, size: { width: number; height: number }): Rectangle {
  const width = Math.min(size.width, display.workArea.width);
  const height = Math.min(size.height, display.workArea.height);
  return {
    x: Math.round(display.workArea.x + (display.workArea.width - width) / 2),
    y: Math.round(display.workArea.y + (display.workArea.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where a window opens: its saved place when that still shows on a connected display (its size
 * capped to that display), else centered on the primary display (the first) at the default size.
 */
export function restoreWindowState(
  saved: WindowState | undefined,
  displays: readonly DisplayArea[],
  size: { width: number; height: number } = DEFAULT_WINDOW_SIZE,
): WindowState {
  const primary = displays[0] ?? { id: 0, workArea: { x: 0, y: 0, width: size.width, height: size.height } };
  const display = saved ? displayShowing(saved.bounds, displays) : undefined;
  if (!saved || !display) return { bounds: centeredOn(primary, size), isMaximized: false, isFullScreen: false };
  const area = display.workArea;
  const width = Math.min(saved.bounds.width, area.width);
  const height = Math.min(saved.bounds.height, area.height);
  return {
    bounds: {
      x: Math.min(Math.max(saved.bounds.x, area.x), area.x + area.width - width),
      y: Math.min(Math.max(saved.bounds.y, area.y), area.y + area.height - height),
      width,
      height,
    },
    isMaximized: saved.isMaximized,
    isFullScreen: saved.isFullScreen,
  };
}

/** Moves a new window's bounds down and right while an open window sits at the same corner; wraps at the display's edge. */
export function cascade(bounds: Rectangle, open: readonly Rectangle[], displays: readonly DisplayArea[]): Rectangle {
  const area = displayShowing(bounds, displays)?.workArea;
  let next = { ...bounds };
  for (let step = 1; step <= 20 && open.some((o) => o.x === next.x && o.y === next.y); step++) {
    next = { ...next, x: next.x + CASCADE_STEP, y: next.y + CASCADE_STEP };
    if (area && (next.x + next.width > area.x + area.width || next.y + next.height > area.y + area.height)) {
      next = { ...next, x: area.x + (step % 5) * CASCADE_STEP, y: area.y + (step % 5) * CASCADE_STEP };
    }
  }
  return next;
}

/** Window state in the user data folder, per arrangement of displays; every write atomic. */
export class WindowStateStore {
  private readonly file: string;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.file = file;
  }

  private async read(): Promise<WindowStateFile> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<WindowStateFile>;
      if (parsed.adloomWindowState === 1 && parsed.layouts && typeof parsed.layouts === 'object') {
        return { adloomWindowState: 1, layouts: parsed.layouts };
      }
    } catch {
      // first start, or a file from elsewhere: defaults
    }
    return { adloomWindowState: 1, layouts: {} };
  }

  /** Where the next window opens on these displays. */
  async load(displays: readonly DisplayArea[]): Promise<WindowState> {
    const { layouts } = await this.read();
    return restoreWindowState(layouts[displayLayoutKey(displays)], displays);
  }

  /** Remembers a window's state for this arrangement of displays. */
  save(state: WindowState, displays: readonly DisplayArea[]): Promise<void> {
    const write = this.writes.then(async () => {
      const file = await this.read();
      file.layouts[displayLayoutKey(displays)] = {
        bounds: { ...state.bounds },
        isMaximized: state.isMaximized,
        isFullScreen: state.isFullScreen,
      };
      await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`, { durable: false });
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}
