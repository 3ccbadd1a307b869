import type { RunEvent } from '@adloom/engine';

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

interface Running {
  startedAt: number;
  progress: number;
  message?: string;
  items?: { done: number; count: number };
}

const paint = (enabled: boolean) => (code: number, text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function bar(fraction: number, width = 16): string {
  const full = Math.round(fraction * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/**
 * Shows a run on a terminal: on a TTY, a live line with a bar per running node under the
 * lines of finished ones; elsewhere, plain lines as things happen.
 */
export class ProgressView {
  private readonly running = new Map<string, Running>();
  private readonly color: (code: number, text: string) => string;
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly plainSteps = new Map<string, number>();
  private nodeCount = 0;
  private cachedCount = 0;

  private readonly out: Output;
  private readonly live: boolean;

  private readonly verbose: boolean;

  constructor(out: Output, options: { color?: boolean; verbose?: boolean } = {}) {
    this.out = out;
    this.verbose = options.verbose ?? false;
    this.live = out.isTTY === true;
    this.color = paint(options.color ?? (this.live && !process.env.NO_COLOR));
  }

  handle(event: RunEvent): void {
    const c = this.color;
    switch (event.type) {
      case 'run.started':
        this.nodeCount = event.nodes.length;
        this.print(`Running "${event.graph}": ${event.nodes.length} node${event.nodes.length === 1 ? '' : 's'}`);
        if (this.live) this.timer = setInterval(() => this.redraw(), 100);
        break;
      case 'node.started': {
        const r = this.running.get(event.nodeId);
        if (!r) {
          this.running.set(event.nodeId, {
            startedAt: performance.now(),
            progress: 0,
            items: event.item ? { done: 0, count: event.item.count } : undefined,
          });
          if (!this.live) this.print(`  ${c(36, '▶')} ${event.nodeId}${event.item ? ` (${event.item.count} items)` : ''}`);
        }
        if (event.attempt > 1 && !this.live) this.print(`  ${c(33, '↻')} ${event.nodeId}: attempt ${event.attempt}`);
        break;
      }
      case 'node.progress': {
        const r = this.running.get(event.nodeId);
        if (!r) break;
        r.progress = event.item ? (r.items?.done ?? 0) / event.item.count + event.progress / event.item.count : event.progress;
        r.message = event.message;
        if (!this.live) {
          // Plain output: a line per quarter, and every message that explains a wait.
          const step = Math.floor(r.progress * 4);
          if (step > (this.plainSteps.get(event.nodeId) ?? 0) || (event.message && event.progress === 0)) {
            this.plainSteps.set(event.nodeId, step);
            this.print(
              `  ${c(2, '…')} ${event.nodeId} ${Math.round(r.progress * 100)}%${event.message ? ` ${event.message}` : ''}`,
            );
          }
        }
        break;
      }
      case 'node.cached':
        break;
      case 'node.log': {
        // Long log lines (a full ffmpeg command) are for --verbose; the gist fits one line.
        const line = event.message.split('\n')[0] as string;
        const short = this.verbose || line.length <= 160 ? event.message : `${line.slice(0, 157)}...`;
        this.print(`  ${c(2, '·')} ${event.nodeId}: ${short}`);
        break;
      }
      case 'node.finished': {
        this.running.delete(event.nodeId);
        if (event.cached) this.cachedCount++;
        const how = event.cached ? c(2, 'cached') : formatDuration(event.durationMs);
        this.print(`  ${c(32, '✓')} ${event.nodeId} ${how}${summarize(event.outputs)}`);
        break;
      }
      case 'node.failed':
        this.running.delete(event.nodeId);
        this.print(
          `  ${c(31, '✗')} ${event.nodeId} failed: ${event.error.message}${event.error.param ? ` (param "${event.error.param}")` : ''}${event.error.port ? ` (port "${event.error.port}")` : ''}`,
        );
        break;
      case 'node.skipped':
        this.print(`  ${c(2, '-')} ${event.nodeId} ${event.reason}`);
        break;
      case 'run.finished': {
        if (this.timer) clearInterval(this.timer);
        this.running.clear();
        const word =
          event.status === 'succeeded'
            ? c(32, 'Run succeeded')
            : event.status === 'cancelled'
              ? c(33, 'Run cancelled')
              : c(31, 'Run failed');
        const cached = this.cachedCount ? ` (${this.cachedCount} of ${this.nodeCount} from cache)` : '';
        this.print(`${word} in ${formatDuration(event.durationMs)}${cached}.`);
        this.print(`Run folder: ${event.outDir}`);
        break;
      }
      default:
        break;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clearBlock();
  }

  private print(line: string): void {
    this.clearBlock();
    this.out.write(`${line}\n`);
    this.drawBlock();
  }

  private redraw(): void {
    this.clearBlock();
    this.drawBlock();
  }

  private clearBlock(): void {
    if (!this.live || this.drawn === 0) return;
    this.out.write(`\u001b[${this.drawn}A\u001b[0J`);
    this.drawn = 0;
  }

  private drawBlock(): void {
    if (!this.live || this.running.size === 0) return;
    const width = this.out.columns ?? 80;
    const lines: string[] = [];
    for (const [id, r] of this.running) {
      const elapsed = formatDuration(performance.now() - r.startedAt);
      const line = `  ${this.color(36, '▶')} ${id} ${bar(r.progress)} ${Math.round(r.progress * 100)}% ${elapsed}${r.message ? `  ${r.message}` : ''}`;
      lines.push(line.length > width ? `${line.slice(0, width - 1)}…` : line);
    }
    this.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}

/** `: "Trail shoes that…"` — a short look at a node's first text output. */
function summarize(outputs: Record<string, unknown>): string {
  for (const value of Object.values(outputs)) {
    if (typeof value === 'string') return `: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    if (Array.isArray(value)) return `: ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  return '';
}
