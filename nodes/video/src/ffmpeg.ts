import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { NodeError } from '@adloom/sdk';

/** The ffmpeg and ffprobe a host found, and what its ffmpeg can do. */
export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** As ffmpeg prints it, e.g. `5.1.9-0+deb12u1` or `N-112000-g…` for a git build. */
  version: string;
  filters: ReadonlySet<string>;
  encoders: ReadonlySet<string>;
  /**
   * util-linux `setpriv`, when it can start ffmpeg with a parent-death signal (Linux): the
   * kernel then kills ffmpeg the moment the process that spawned it dies, even by SIGKILL.
   * Elsewhere a small watchdog process does it (`orphanWatchdog`).
   */
  setpriv?: string;
}

/** What one node needs from ffmpeg, checked before it spawns anything. */
export interface FfmpegNeeds {
  filters?: readonly string[];
  encoders?: readonly string[];
}

const INSTALL_HINT =
  'Install ffmpeg (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install Gyan.FFmpeg)';

/** Filters that come only with an optional library, so the message can say which build flag is missing. */
const FILTER_LIBRARIES: Record<string, string> = {
  ass: '--enable-libass',
  subtitles: '--enable-libass',
  drawtext: '--enable-libfreetype',
};

/** xfade came with ffmpeg 4.3; older builds cannot make transitions. */
const MIN_VERSION: readonly [number, number] = [4, 3];

const probes = new Map<string, Promise<FfmpegTools>>();

let childProcessModule: typeof import('node:child_process') | undefined;

/** `node:child_process`, loaded on first use: a host that lists the video nodes but never runs one never loads it. */
function childProcess(): typeof import('node:child_process') {
  childProcessModule ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return childProcessModule;
}

/**
 * Finds ffmpeg (`FFMPEG_PATH`, then `PATH`) and ffprobe (`FFPROBE_PATH`, then beside ffmpeg,
 * then `PATH`) and reads their version, filters and encoders. Probed once per environment:
 * the promise is kept, and forgotten if it fails so an install is noticed without a restart.
 */
export function loadFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegTools> {
  const key = [env.FFMPEG_PATH, env.FFPROBE_PATH, env.PATH].join('\0');
  let probe = probes.get(key);
  if (!probe) {
    probe = probeTools(env);
    probes.set(key, probe);
    probe.catch(() => probes.delete(key));
  }
  return probe;
}

/** The tools, or a NodeError naming the filters and encoders this ffmpeg lacks and how to get them. */
export async function requireFfmpeg(needs: FfmpegNeeds, env: NodeJS.ProcessEnv = process.env): Promise<FfmpegTools> {
  return assertCapabilities(await loadFfmpeg(env), needs);
}

/** The tools when they can do what is needed, else a NodeError naming what is missing. */
export function assertCapabilities(tools: FfmpegTools, needs: FfmpegNeeds): FfmpegTools {
  const filters = (needs.filters ?? []).filter((name) => !tools.filters.has(name));
  const encoders = (needs.encoders ?? []).filter((name) => !tools.encoders.has(name));
  if (filters.length === 0 && encoders.length === 0) return tools;
  const missing: string[] = [];
  if (filters.length) {
    const named = filters.map((name) => (FILTER_LIBRARIES[name] ? `${name} (built with ${FILTER_LIBRARIES[name]})` : name));
    missing.push(`the filter${filters.length > 1 ? 's' : ''} ${named.join(', ')}`);
  }
  if (encoders.length) {
    const named = encoders.map((name) => (name === 'libx264' ? 'libx264 (built with --enable-gpl --enable-libx264)' : name));
    missing.push(`the encoder${encoders.length > 1 ? 's' : ''} ${named.join(', ')}`);
  }
  throw new NodeError(
    `ffmpeg ${tools.version} at ${tools.ffmpeg} lacks ${missing.join(' and ')}. ${INSTALL_HINT}, a full build, or set FFMPEG_PATH to one that has them`,
  );
}

async function probeTools(env: NodeJS.ProcessEnv): Promise<FfmpegTools> {
  const ffmpeg = await locate('ffmpeg', env.FFMPEG_PATH, 'FFMPEG_PATH', [], env);
  const ffprobe = await locate('ffprobe', env.FFPROBE_PATH, 'FFPROBE_PATH', [dirname(ffmpeg)], env);
  // Two spawns, not four (each costs a tenth of a CPU second loading ffmpeg's libraries): the
  // banner ahead of the filter list names the version, and the encoder list is read through
  // setpriv, which shows at once whether ffmpeg can start with a parent-death signal.
  const setprivFound = await setprivOnPath(env);
  const [filterText, encoderList] = await Promise.all([capture(ffmpeg, ['-filters']), readEncoders(ffmpeg, setprivFound)]);
  const { text: encoderText, setpriv } = encoderList;
  const version = /ffmpeg version (\S+)/.exec(filterText)?.[1] ?? 'unknown';
  const numbers = /^n?(\d+)\.(\d+)/.exec(version);
  if (numbers) {
    const [major, minor] = [Number(numbers[1]), Number(numbers[2])];
    if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
      throw new NodeError(
        `ffmpeg ${version} at ${ffmpeg} is too old: Adloom needs ${MIN_VERSION.join('.')} or newer for xfade transitions. ${INSTALL_HINT} or set FFMPEG_PATH to a newer one`,
      );
    }
  }
  const filters = new Set<string>();
  for (const line of filterText.split('\n')) {
    const match = /^\s*[A-Z.|]{2,3}\s+(\w+)\s+\S*->\S*/.exec(line);
    if (match?.[1]) filters.add(match[1]);
  }
  const encoders = new Set<string>();
  for (const line of encoderText.split('\n')) {
    const match = /^\s*[VAS][A-Z.]{5}\s+(\S+)\s/.exec(line);
    if (match?.[1]) encoders.add(match[1]);
  }
  return { ffmpeg, ffprobe, version, filters, encoders, setpriv };
}

/** `setpriv` on PATH (Linux with util-linux), not yet tried. */
async function setprivOnPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'setpriv');
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** ffmpeg's encoder list, and `setpriv` when ffmpeg started through it with `--pdeathsig KILL`. */
async function readEncoders(ffmpeg: string, setpriv: string | undefined): Promise<{ text: string; setpriv?: string }> {
  const args = ['-hide_banner', '-encoders'];
  if (setpriv) {
    try {
      return { text: await capture(setpriv, ['--pdeathsig', 'KILL', '--', ffmpeg, ...args]), setpriv };
    } catch {
      // This setpriv cannot (an old util-linux, a sandbox): the watchdog stands in.
    }
  }
  return { text: await capture(ffmpeg, args) };
}

/** The program from its variable, else the first match in `extraDirs` and `PATH`. */
async function locate(
  name: 'ffmpeg' | 'ffprobe',
  configured: string | undefined,
  variable: string,
  extraDirs: string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (configured) {
    if (await isExecutableFile(configured)) return configured;
    throw new NodeError(
      `${name} was not found: ${variable} is set to "${configured}" but there is no ${name} program there. ${INSTALL_HINT}, or set ${variable} to the ${name} program (or unset it to use the one on PATH)`,
    );
  }
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  const dirs = [...extraDirs, ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase());
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  throw new NodeError(`${name} was not found on PATH. ${INSTALL_HINT}, or set ${variable} to the ${name} program`);
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a short command to completion and returns its stdout and stderr together. */
function capture(file: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, signal });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => reject(new NodeError(`could not start ${file}: ${error.message}`, { cause: error })));
    child.on('close', (code) => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(text);
      else reject(new NodeError(`${file} ${args.join(' ')} exited with code ${code}: ${lastLines(text)}`));
    });
  });
}

/** One ffmpeg command for `runFfmpeg`. */
export interface FfmpegCommand {
  /** Arguments after the global flags `runFfmpeg` adds (`-hide_banner -nostdin -y -progress pipe:1`). */
  args: string[];
  /** Working folder: paths inside a filter graph are kept relative to it, so they need no escaping. */
  cwd?: string;
}

export interface FfmpegRunOptions {
  signal?: AbortSignal;
  /** The output's planned length: progress is ffmpeg's `out_time` over it. */
  durationSec?: number;
  /** Called with 0..1 as ffmpeg reports its position, and 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Files the command writes: removed if it fails or is cancelled. */
  outputs?: readonly string[];
  /** ffmpeg's log level (default `error`); `info` to read what filters print. */
  logLevel?: 'error' | 'warning' | 'info';
}

/** Global flags every command gets: no banner, no prompts, overwrite, machine-readable progress. */
export const GLOBAL_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-y'];

const STDERR_KEEP = 64 * 1024;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns ffmpeg with an argument array (never a shell), turns `-progress pipe:1` into
 * fractions, kills it when `signal` aborts (and removes the files it was writing), and fails
 * with the tail of its stderr. Resolves with the whole stderr it kept (the last 64 KiB).
 */
export async function runFfmpeg(tools: FfmpegTools, command: FfmpegCommand, options: FfmpegRunOptions = {}): Promise<string> {
  const { signal, durationSec, onProgress, outputs = [] } = options;
  signal?.throwIfAborted();
  installExitHook();
  const args = [...GLOBAL_ARGS, '-loglevel', options.logLevel ?? 'error', '-progress', 'pipe:1', '-nostats', ...command.args];
  // ffmpeg must not outlive this process: a parent-death signal where the kernel has one,
  // else the watchdog. (ffmpeg ignores EOF on stdin, so a held pipe alone would not stop it.)
  const [file, fileArgs] = tools.setpriv
    ? [tools.setpriv, ['--pdeathsig', 'KILL', '--', tools.ffmpeg, ...args]]
    : [tools.ffmpeg, args];
  const child = childProcess().spawn(file, fileArgs, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  running.add(child);
  if (!tools.setpriv) orphanWatchdog().watch(child);
  let stderr = '';
  let pending = '';
  let lastFraction = -1;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP);
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      // out_time_ms is microseconds too (an old ffmpeg misnomer); out_time_us is the honest name.
      const match = /^out_time_(?:us|ms)=(\d+)/.exec(line);
      if (match && durationSec && onProgress) {
        const fraction = Math.min(0.999, Number(match[1]) / 1e6 / durationSec);
        if (fraction > lastFraction) {
          lastFraction = fraction;
          onProgress(fraction);
        }
      } else if (line.trim() === 'progress=end') {
        onProgress?.(1);
      }
    }
  });
  const onAbort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });
  const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  signal?.removeEventListener('abort', onAbort);
  running.delete(child);
  if (!tools.setpriv) orphanWatchdog().forget(child);
  if (exit.code === 0 && !signal?.aborted) return stderr.slice(-STDERR_KEEP);
  await Promise.all(outputs.map((path) => rm(path, { force: true })));
  signal?.throwIfAborted();
  if (exit.error) throw new NodeError(`could not start ffmpeg at ${tools.ffmpeg}: ${exit.error.message}`, { cause: exit.error });
  throw new NodeError(`ffmpeg failed (exit code ${exit.code}): ${lastLines(stderr) || 'it printed nothing'}`);
}

/**
 * x264 threads for an encode about to start: ffmpeg's own choice (every core) when it runs
 * alone, else the cores shared among the encodes then running, so concurrent encodes split
 * the machine instead of each starting a thread per core and fighting over them.
 */
export function encoderThreads(): number | undefined {
  if (running.size === 0) return undefined;
  return Math.max(1, Math.floor(availableParallelism() / (running.size + 1)));
}

/** ffprobe's JSON for a file: its container and streams. */
export interface MediaInfo {
  format: { duration?: string; format_name?: string; [key: string]: unknown };
  streams: StreamInfo[];
}

export interface StreamInfo {
  index: number;
  codec_type: 'video' | 'audio' | string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  sample_aspect_ratio?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  time_base?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  duration?: string;
  extradata_hash?: string;
  [key: string]: unknown;
}

/** Reads a media file's container and streams with ffprobe (and a hash of each codec's setup data). */
export async function probeMedia(tools: FfmpegTools, path: string, signal?: AbortSignal): Promise<MediaInfo> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_data_hash', 'sha256', path];
  const text = await new Promise<string>((resolve, reject) => {
    const child = childProcess().spawn(tools.ffprobe, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, signal });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('error', (error) =>
      reject(signal?.aborted ? signal.reason : new NodeError(`could not start ffprobe at ${tools.ffprobe}: ${error.message}`)),
    );
    child.once('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new NodeError(`ffprobe could not read ${path}: ${lastLines(err) || `exit code ${code}`}`));
    });
  });
  return JSON.parse(text) as MediaInfo;
}

/** The last few meaningful lines of a tool's output, for an error message. */
export function lastLines(text: string, count = 8): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join('\n')
    .slice(-2000);
}

// A host that exits (Ctrl-C twice, a crash) must not leave encoders running behind it.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Kills the processes it is told about when the process that started it dies. */
interface Watchdog {
  watch(child: ChildProcess): void;
  forget(child: ChildProcess): void;
}

/**
 * Where no parent-death signal exists (macOS, Windows, Linux without setpriv): one small Node
 * process per host that reads `+pid` / `-pid` lines on a pipe from this process. When this
 * process dies, however it dies, the pipe reaches EOF and the watchdog kills every pid still
 * listed, then exits. It is unref'd, so it never keeps this process alive.
 */
const WATCHDOG_SOURCE = `
const pids = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (line[0] === '+') pids.add(pid);
    else pids.delete(pid);
  }
});
process.stdin.on('end', () => {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch {}
  }
  process.exit(0);
});
`;

let watchdog: Watchdog | undefined;

export function orphanWatchdog(): Watchdog {
  if (watchdog) return watchdog;
  // ELECTRON_RUN_AS_NODE: inside the desktop app, execPath is Electron, which then acts as Node.
  const child = childProcess().spawn(process.execPath, ['-e', WATCHDOG_SOURCE], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const send = (line: string) => {
    if (child.stdin?.writable) child.stdin.write(`${line}\n`);
  };
  watchdog = {
    watch: (target) => target.pid !== undefined && send(`+${target.pid}`),
    forget: (target) => target.pid !== undefined && send(`-${target.pid}`),
  };
  return watchdog;
}

/** A command as a person would type it, for logs: arguments quoted where a shell would need it. */
export function formatCommandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}
