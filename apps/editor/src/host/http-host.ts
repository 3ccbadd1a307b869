import { artifactExtension, type Catalog } from '@adloom/graph';
import {
  type ArtifactLocation,
  type AssistBody,
  type AssistEvent,
  type ConversationEntry,
  type GraphEntry,
  type Host,
  HostError,
  type HostInfo,
  type ListRunsQuery,
  type OpenedFile,
  type RecoveryEntry,
  type RunEvent,
  type RunList,
  type SavedFile,
  type SecretStatus,
  type Settings,
  type StartRunBody,
} from '@adloom/host';

/**
 * The browser host: `adloom serve`'s HTTP API (routes in packages/server/src/server.ts) over same-origin
 * fetch, and run events over server-sent events. Every API call carries the session secret the
 * server put into the page (`<meta name="adloom-session">`) in the `x-adloom-session` header;
 * EventSource cannot send headers, so it carries the secret in its URL. A `?token=` in the
 * page URL is kept for the session and sent as a bearer token; the server also sets a cookie
 * for it, which is what `<img>`, `<video>` and EventSource requests carry.
 */
export class HttpHost implements Host {
  private readonly base: URL;
  private readonly token: string | undefined;
  private readonly session: string | undefined;

  constructor(base: string | URL, token?: string, session?: string) {
    this.base = new URL(base);
    this.token = token;
    this.session = session;
  }

  /** A host for the page it runs in: API beside the page, token from `?token=` or the session. */
  static fromLocation(location: Location = window.location, doc: Document = document): HttpHost {
    const params = new URLSearchParams(location.search);
    let token = params.get('token') ?? undefined;
    try {
      if (token) sessionStorage.setItem('adloom.token', token);
      else token = sessionStorage.getItem('adloom.token') ?? undefined;
    } catch {
      // Storage may be off (private windows); the cookie the server set still works.
    }
    const session = doc.querySelector<HTMLMetaElement>('meta[name="adloom-session"]')?.content || undefined;
    return new HttpHost(new URL('./', location.href), token, session);
  }

  private url(path: string, query?: Record<string, string>): string {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url.toString();
  }

  private async request<T>(
    method: string,
    path: string,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.session) headers['x-adloom-session'] = this.session;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.url(path, options.query), {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      // fetch rejects only when nothing answered: the server is down or unreachable.
      throw new HostError(0, `cannot reach the Adloom host (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    if (!response.ok) throw new HostError(response.status, errorMessage(text, response));
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new HostError(502, `the host sent an answer that is not JSON (${response.status} from ${method} ${path})`);
    }
  }

  info(): Promise<HostInfo> {
    return this.request('GET', 'api/info');
  }

  catalog(): Promise<Catalog> {
    return this.request('GET', 'api/catalog');
  }

  listGraphs(): Promise<GraphEntry[]> {
    return this.request('GET', 'api/graphs');
  }

  listExamples(): Promise<GraphEntry[]> {
    return this.request('GET', 'api/examples');
  }

  openFile(path: string): Promise<OpenedFile> {
    return this.request('GET', 'api/file', { query: { path } });
  }

  saveFile(path: string, text: string, options: { expectedModifiedAt?: string; force?: boolean } = {}): Promise<SavedFile> {
    return this.request('PUT', 'api/file', { body: { path, text, ...options } });
  }

  async readRecovery(path: string): Promise<RecoveryEntry | null> {
    try {
      return (await this.request<RecoveryEntry | null>('GET', 'api/recovery', { query: { path } })) ?? null;
    } catch (error) {
      if (error instanceof HostError && error.status === 404) return null;
      throw error;
    }
  }

  async writeRecovery(path: string, text: string): Promise<void> {
    await this.request('PUT', 'api/recovery', { body: { path, text } });
  }

  async discardRecovery(path: string): Promise<void> {
    await this.request('DELETE', 'api/recovery', { query: { path } });
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunList> {
    const params: Record<string, string> = {
      ...(query.path ? { path: query.path } : {}),
      ...(query.limit ? { limit: String(query.limit) } : {}),
    };
    return this.request('GET', 'api/runs', { query: params });
  }

  startRun(body: StartRunBody): Promise<{ runId: string }> {
    return this.request('POST', 'api/runs', { body });
  }

  subscribeRun(runId: string, onEvent: (event: RunEvent) => void): () => void {
    return this.subscribe<RunEvent>(`api/runs/${encodeURIComponent(runId)}/events`, onEvent, 'run.finished', RUN_EVENT_TYPES);
  }

  /**
   * Server-sent events of a run or a turn. EventSource cannot send headers: the secret goes in
   * the URL. The server replays past events on every (re)connection: the ones seen are skipped.
   */
  private subscribe<T extends { type: string }>(
    path: string,
    onEvent: (event: T) => void,
    lastType: string,
    namedTypes: readonly string[] = [],
  ): () => void {
    const query: Record<string, string> = {
      ...(this.token ? { token: this.token } : {}),
      ...(this.session ? { session: this.session } : {}),
    };
    const source = new EventSource(this.url(path, query), { withCredentials: true });
    let seen = 0;
    let index = 0;
    let finished = false;
    const receive = (message: MessageEvent<string>) => {
      index++;
      if (index <= seen) return;
      seen = index;
      let event: T;
      try {
        event = JSON.parse(message.data) as T;
      } catch {
        return;
      }
      if (typeof event?.type !== 'string') return;
      onEvent(event);
      if (event.type === lastType) {
        finished = true;
        source.close();
      }
    };
    source.addEventListener('open', () => {
      index = 0;
    });
    source.addEventListener('message', receive);
    // Servers may name their events by type; listen to those names too.
    for (const type of namedTypes) source.addEventListener(type, receive as EventListener);
    source.addEventListener('error', () => {
      if (finished) source.close();
    });
    return () => source.close();
  }

  async cancelRun(runId: string): Promise<void> {
    await this.request('POST', `api/runs/${encodeURIComponent(runId)}/cancel`);
  }

  artifactUrl(artifact: ArtifactLocation): string {
    return this.url(`api/artifacts/${encodeURIComponent(artifact.sha256)}.${artifactExtension(artifact)}`);
  }

  getSettings(): Promise<Settings> {
    return this.request('GET', 'api/settings');
  }

  saveSettings(settings: Settings): Promise<Settings> {
    return this.request('PUT', 'api/settings', { body: settings });
  }

  listSecrets(): Promise<SecretStatus[]> {
    return this.request('GET', 'api/secrets');
  }

  async setSecret(name: string, value: string): Promise<void> {
    await this.request('PUT', `api/secrets/${encodeURIComponent(name)}`, { body: { value } });
  }

  startAssist(body: AssistBody): Promise<{ turnId: string }> {
    return this.request('POST', 'api/assist', { body });
  }

  subscribeAssist(turnId: string, onEvent: (event: AssistEvent) => void): () => void {
    return this.subscribe<AssistEvent>(`api/assist/${encodeURIComponent(turnId)}/events`, onEvent, 'done');
  }

  async confirmAssist(turnId: string, approved: boolean): Promise<void> {
    await this.request('POST', `api/assist/${encodeURIComponent(turnId)}/confirm`, { body: { approved } });
  }

  async cancelAssist(turnId: string): Promise<void> {
    await this.request('POST', `api/assist/${encodeURIComponent(turnId)}/cancel`);
  }

  readConversation(conversation: string): Promise<ConversationEntry[]> {
    return this.request('GET', 'api/conversations', { query: { name: conversation } });
  }

  async clearConversation(conversation: string): Promise<void> {
    await this.request('DELETE', 'api/conversations', { query: { name: conversation } });
  }

  async moveConversation(from: string, to: string): Promise<void> {
    await this.request('POST', 'api/conversations/move', { body: { from, to } });
  }
}

const RUN_EVENT_TYPES = [
  'run.started',
  'node.queued',
  'node.started',
  'node.progress',
  'node.cached',
  'node.log',
  'node.finished',
  'node.failed',
  'node.skipped',
  'run.finished',
];

function errorMessage(text: string, response: Response): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; issues?: unknown };
    if (typeof body.error === 'string') {
      const issues = Array.isArray(body.issues)
        ? body.issues
            .map((issue) => (typeof issue === 'string' ? issue : (issue as { message?: string })?.message))
            .filter(Boolean)
        : [];
      return issues.length ? `${body.error}: ${issues.join('; ')}` : body.error;
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return `${response.status} ${response.statusText || 'error'}${text && text.length < 200 ? `: ${text}` : ''}`;
}
