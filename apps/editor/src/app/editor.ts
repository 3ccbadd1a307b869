import { canConnect, findNodeType, type GraphFile, serializeGraph, validateGraph } from '@adloom/graph';
import { type Host, type HostDocumentState, HostError, type HostMenuCommand, type OpenedFile, type Settings } from '@adloom/host';
import type { ReactFlowInstance } from '@xyflow/react';
import { autoLayout } from '../canvas/auto-layout.ts';
import { createFlowStore, type FlowStore, FRAME_NODE, NODE_WIDTH } from '../canvas/flow-store.ts';
import { freeSpot } from '../canvas/free-spot.ts';
import { FIT_WHOLE_GRAPH, showsEveryNode, viewportFitting } from '../canvas/initial-view.ts';
import { clipboardText, copyNodes, readClipboardText } from '../document/clipboard.ts';
import { createDocumentStore, type DocumentStore, isDirty, recoveryKey, type XY } from '../document/document-store.ts';
import { providerDefaults } from '../document/provider-defaults.ts';
import { splitIntoVariants } from '../document/split-into-variants.ts';
import { type LooseWire, portForWire } from '../palette/wire-drop.ts';
import { nodeFingerprints, staleNodes } from '../run/freshness.ts';
import { listMismatches } from '../run/list-lengths.ts';
import { isRunActive } from '../run/run-state.ts';
import { createRunStore, type RunStore } from '../run/run-store.ts';
import { createViewStore, type LeaveFor, rememberMinimapChoice, type ViewStore } from '../view/view-store.ts';
import { COMMANDS } from './commands.ts';

const LAST_OPEN = 'adloom.lastOpen';
const RECENT = 'adloom.recent';
const AUTOSAVE_MS = 1000;
const VALIDATE_MS = 150;
const HOST_WATCH_MS = 3000;
const PASTE_OFFSET = 40;
/** A new node's height before it is measured: most nodes with a result area are about this tall. */
const NEW_NODE_HEIGHT = 200;

interface LastOpen {
  path: string | null;
  untitledId: string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readLocal<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or off: recent files are a convenience
  }
}

/**
 * The editor's actions: what menus, shortcuts and views call. It owns the stores and speaks
 * to the Host; views read the stores through small selectors.
 */
export class Editor {
  readonly doc: DocumentStore = createDocumentStore();
  readonly view: ViewStore = createViewStore();
  readonly run: RunStore = createRunStore();
  readonly flow: FlowStore;
  private flowInstance: ReactFlowInstance | null = null;
  private canvasSize: (() => { width: number; height: number }) | null = null;
  private memoryClipboard: string | null = null;
  private stopRunEvents: (() => void) | null = null;
  private autosaveTimer: ReturnType<typeof setTimeout> | null = null;
  private validateTimer: ReturnType<typeof setTimeout> | null = null;
  /** The journal entry this document last wrote, so a clean state can remove it. */
  private journalKey: string | null = null;
  private pasteCount = 0;
  settings: Settings | null = null;
  readonly host: Host;

  constructor(host: Host) {
    this.host = host;
    this.flow = createFlowStore(this.doc, this.view);
    this.doc.subscribe((state, previous) => {
      if (state.graph !== previous.graph) this.scheduleValidation();
      if (state.revision !== previous.revision) this.scheduleAutosave();
      if (state.path !== previous.path || state.untitledId !== previous.untitledId) this.rememberLastOpen();
    });
    this.view.subscribe((state, previous) => {
      if (state.catalog !== previous.catalog) this.scheduleValidation(0);
    });
    // The desktop shell: native menu commands come in, the document's state goes out.
    this.host.onMenuCommand?.((command) => this.runMenuCommand(command));
    this.doc.subscribe(() => this.reportDocumentState());
  }

  /** A command from a native menu, by the id it has in COMMANDS (Save as may bring its path). */
  runMenuCommand(command: HostMenuCommand): void {
    if (command.id === 'saveAs' && command.path) {
      // The path comes from the host's own save dialog: take it as it is (it may lie outside
      // the workspace on the desktop), not as text a user typed.
      void this.saveTo(command.path, true);
      return;
    }
    const found = COMMANDS.find((c) => c.id === command.id);
    if (!found || (found.isEnabled && !found.isEnabled(this))) return;
    found.run(this);
  }

  private reported: HostDocumentState | null = null;

  private reportDocumentState(): void {
    if (!this.host.reportDocumentState) return;
    const state = this.doc.getState();
    const next: HostDocumentState = { path: state.path, title: state.graph.name || 'Untitled', isDirty: isDirty(state) };
    const last = this.reported;
    if (last && last.path === next.path && last.title === next.title && last.isDirty === next.isDirty) return;
    this.reported = next;
    this.host.reportDocumentState(next);
  }

  // ── Connection to the host ─────────────────────────────────────────────────

  /** Asks the host who it is and what nodes it has; then reopens the last document. */
  async start(): Promise<void> {
    // The document loads after the canvas has mounted: fetching it alongside the catalog was
    // measured slower (the 1,000-node bench draws ~15% later), as its nodes then mount before
    // React Flow knows its size.
    if (!(await this.connect())) return;
    if (this.isNewWindow()) this.newGraph(true);
    else await this.reopenLast(this.pathToReopen());
  }

  /** `?open=path` (a link, or a desktop window for a file), else the document open last time. */
  private pathToReopen(): string | null {
    const requested = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('open');
    return requested ?? readLocal<LastOpen>(LAST_OPEN)?.path ?? null;
  }

  /** `?new=1`: a window that starts with a new graph rather than the last one. */
  private isNewWindow(): boolean {
    return typeof location !== 'undefined' && new URLSearchParams(location.search).get('new') === '1';
  }

  async connect(): Promise<boolean> {
    this.view.setState({ hostStatus: 'connecting', hostError: null });
    try {
      const [info, catalog] = await Promise.all([this.host.info(), this.host.catalog()]);
      this.view.setState({ hostStatus: 'ready', hostInfo: info, catalog });
      this.watchHost();
      this.host.getSettings().then(
        (settings) => {
          this.settings = settings;
        },
        () => undefined,
      );
      return true;
    } catch (error) {
      const message =
        error instanceof HostError && error.status === 404
          ? 'This page was not served by an Adloom host: there is no Host API beside it.'
          : errorText(error);
      this.view.setState({ hostStatus: 'unreachable', hostError: message });
      return false;
    }
  }

  private hostWatch: ReturnType<typeof setInterval> | null = null;

  /**
   * Asks the host who it is every few seconds while the page is shown, so the connection dot
   * turns when the host goes away, not only at the next edit.
   */
  private watchHost(): void {
    if (this.hostWatch || typeof setInterval === 'undefined') return;
    this.hostWatch = setInterval(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      this.host.info().then(
        () => {
          if (this.view.getState().hostStatus === 'unreachable') this.view.setState({ hostStatus: 'ready', hostError: null });
        },
        (error: unknown) => {
          if (error instanceof HostError && error.status !== 0) return;
          this.view.setState({ hostStatus: 'unreachable', hostError: errorText(error) });
        },
      );
    }, HOST_WATCH_MS);
  }

  async reloadCatalog(): Promise<void> {
    try {
      this.view.setState({ catalog: await this.host.catalog() });
      this.toast('Node catalog reloaded', 'success');
    } catch (error) {
      this.fail('Could not reload the node catalog', error);
    }
  }

  /**
   * React Flow's instance, and how big its canvas is on screen (to tell whether a saved view
   * shows the graph).
   */
  setFlowInstance(instance: ReactFlowInstance | null, canvasSize?: () => { width: number; height: number }): void {
    this.flowInstance = instance;
    this.canvasSize = canvasSize ?? null;
  }

  /**
   * Shows the document: its saved view when that shows all its nodes, else the whole graph
   * fitted to the canvas (a file with no view, or one whose view leaves nodes out).
   */
  showDocument(): void {
    const rf = this.flowInstance;
    if (!rf) return;
    const viewport = this.doc.getState().graph.ui?.viewport;
    const nodes = this.flow.getState().nodes;
    const size = this.canvasSize?.();
    const isUsable = viewport && (!nodes.length || !size?.width || !size.height || showsEveryNode(nodes, viewport, size));
    const fitted = size ? viewportFitting(nodes, size) : null;
    if (viewport && isUsable) void rf.setViewport(viewport);
    else if (fitted) void rf.setViewport(fitted);
    else void rf.fitView(FIT_WHOLE_GRAPH);
  }

  get reactFlow(): ReactFlowInstance | null {
    return this.flowInstance;
  }

  // ── Files ──────────────────────────────────────────────────────────────────

  newGraph(force = false): void {
    if (!force && !this.mayLeave({ action: 'new' })) return;
    this.doc.getState().newGraph();
    this.afterLoad();
  }

  /**
   * Whether the document can be replaced now: with unsaved changes it asks first (Save, Don't
   * save, Cancel) and carries on with `next` from that dialog.
   */
  private mayLeave(next: LeaveFor): boolean {
    if (!isDirty(this.doc.getState())) return true;
    this.view.getState().openDialog({ kind: 'unsaved', next });
    return false;
  }

  /** Does what the unsaved-changes dialog was asked before; after Save only when the save went through. */
  async leaveFor(next: LeaveFor, save: boolean): Promise<void> {
    this.view.getState().closeDialog();
    if (save) {
      if (!this.doc.getState().path) {
        this.view.getState().openDialog({ kind: 'saveAs' });
        return;
      }
      if (!(await this.save())) return;
    } else {
      // The changes are given up: the journal must not offer them back on the next open.
      await this.discardJournal(recoveryKey(this.doc.getState()));
    }
    if (next.action === 'open') await this.open(next.path, true);
    else if (next.action === 'template') await this.openTemplate(next.path, true);
    else this.newGraph(true);
  }

  /** Opens a workspace graph; offers back unsaved work from the recovery journal. */
  async open(path: string, force = false): Promise<boolean> {
    if (!force && !this.mayLeave({ action: 'open', path })) return false;
    let opened: OpenedFile;
    try {
      opened = await this.host.openFile(path);
    } catch (error) {
      this.fail(`Could not open ${path}`, error);
      return false;
    }
    const result = this.doc.getState().load({ path: opened.path, text: opened.text, modifiedAt: opened.modifiedAt });
    if (!result.ok) {
      this.view
        .getState()
        .toast(`${path} is not a graph file this editor can read: ${result.diagnostics[0]?.message ?? ''}`, 'error');
      return false;
    }
    this.afterLoad();
    this.addRecent(opened.path);
    await this.offerRecovery(opened.path, opened.text, opened.path);
    return true;
  }

  /** Opens an example as a template: an untitled graph that starts from it. */
  async openTemplate(path: string, force = false): Promise<void> {
    if (!force && !this.mayLeave({ action: 'template', path })) return;
    try {
      const opened = await this.host.openFile(path);
      const result = this.doc.getState().load({ path: null, text: opened.text, templateOf: opened.path });
      if (!result.ok) throw new Error(result.diagnostics[0]?.message ?? 'not a graph file');
      this.afterLoad();
    } catch (error) {
      this.fail(`Could not open the example ${path}`, error);
    }
  }

  private afterLoad(): void {
    this.stopRunEvents?.();
    this.stopRunEvents = null;
    this.run.getState().reset();
    this.view.setState({ staleNodes: {} });
    this.journalKey = null;
    this.pasteCount = 0;
    // Let React Flow take the new nodes first.
    requestAnimationFrame(() => this.showDocument());
  }

  async save(): Promise<boolean> {
    const state = this.doc.getState();
    if (!state.path) {
      this.view.getState().openDialog({ kind: 'saveAs' });
      return false;
    }
    return this.saveTo(state.path, false);
  }

  async saveAs(path: string): Promise<boolean> {
    const clean = path.trim().replace(/^\/+/, '');
    const full = clean.endsWith('.adloom.json') ? clean : `${clean.replace(/\.json$/, '')}.adloom.json`;
    return this.saveTo(full, true);
  }

  /** Writes the document; a file changed on disk since it was opened asks before overwriting. */
  async saveTo(path: string, isNewPath: boolean, force = false): Promise<boolean> {
    const before = this.doc.getState();
    const previousKey = recoveryKey(before);
    // The saved view is where the canvas is now, in files that keep one.
    const viewport = this.flowInstance?.getViewport();
    if (viewport && before.graph.ui?.viewport) before.setViewport(roundViewport(viewport));
    // A graph still called Untitled takes the name it is saved under, so the title says what it is.
    if (isNewPath && (!before.graph.name || before.graph.name === 'Untitled')) {
      const base = (path.split('/').pop() ?? path).replace(/\.adloom\.json$/, '').replace(/\.json$/, '');
      if (base) before.setName(base);
    }
    const state = this.doc.getState();
    const text = serializeGraph(state.graph);
    const position = state.position;
    try {
      const saved = await this.host.saveFile(path, text, {
        ...(!isNewPath && state.modifiedAt && !force ? { expectedModifiedAt: state.modifiedAt } : {}),
        ...(force ? { force: true } : {}),
      });
      // Edits made while the save was on its way keep the document dirty.
      const now = this.doc.getState();
      now.markSaved(saved.path, saved.modifiedAt);
      if (now.position !== position) this.doc.setState({ savedPosition: position });
      this.addRecent(saved.path);
      this.toast(`Saved ${saved.path}`, 'success');
      await this.discardJournal(previousKey);
      if (previousKey !== saved.path) await this.discardJournal(saved.path);
      return true;
    } catch (error) {
      if (error instanceof HostError && error.status === 409) {
        this.view.getState().openDialog({ kind: 'conflict', path });
        return false;
      }
      this.fail(`Could not save ${path}`, error);
      return false;
    }
  }

  private addRecent(path: string): void {
    const recent = [path, ...(readLocal<string[]>(RECENT) ?? []).filter((p) => p !== path)].slice(0, 10);
    writeLocal(RECENT, recent);
    const settings = this.settings;
    if (settings) {
      const recentFiles = [path, ...settings.recentFiles.filter((p) => p !== path)].slice(0, 20);
      this.settings = { ...settings, recentFiles };
      this.host.saveSettings(this.settings).then(
        (next) => {
          this.settings = next;
        },
        () => undefined,
      );
    }
  }

  recentFiles(): string[] {
    const local = readLocal<string[]>(RECENT) ?? [];
    const remote = this.settings?.recentFiles ?? [];
    return [...new Set([...local, ...remote])].slice(0, 10);
  }

  // ── Recovery journal ───────────────────────────────────────────────────────

  private rememberLastOpen(): void {
    const { path, untitledId } = this.doc.getState();
    writeLocal(LAST_OPEN, { path, untitledId } satisfies LastOpen);
  }

  /** Opens `path` (fetched early), or the untitled graph worked on last, or a new one. */
  private async reopenLast(path: string | null): Promise<void> {
    if (path && (await this.open(path, true))) return;
    const last = readLocal<LastOpen>(LAST_OPEN);
    if (!last?.path && last?.untitledId) {
      this.doc.getState().newGraph();
      this.doc.setState({ untitledId: last.untitledId });
      this.afterLoad();
      await this.offerRecovery(`untitled-${last.untitledId}`, null, null);
      return;
    }
    this.newGraph(true);
  }

  /** If the journal holds text for `key` that differs from the file, asks whether to restore it. */
  private async offerRecovery(key: string, fileText: string | null, path: string | null): Promise<void> {
    let entry: Awaited<ReturnType<Host['readRecovery']>>;
    try {
      entry = await this.host.readRecovery(key);
    } catch {
      return;
    }
    if (!entry || entry.text === fileText) return;
    this.view.getState().openDialog({ kind: 'recovery', key, text: entry.text, savedAt: entry.savedAt, fileText, path });
  }

  /** Puts the journal's text in place of the document, as one undoable step. */
  restoreRecovery(text: string): void {
    const recovered = this.doc.getState().replaceGraph(text);
    if (!recovered.ok) this.view.getState().toast(`The unsaved changes could not be read: ${recovered.reason}`, 'error');
    this.view.getState().closeDialog();
  }

  async discardRecovery(key: string): Promise<void> {
    this.view.getState().closeDialog();
    await this.discardJournal(key);
  }

  private async discardJournal(key: string): Promise<void> {
    if (this.journalKey === key) this.journalKey = null;
    try {
      await this.host.discardRecovery(key);
    } catch {
      // nothing to discard, or the host is away: the next autosave settles it
    }
  }

  private scheduleAutosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      void this.flushAutosave();
    }, AUTOSAVE_MS);
  }

  /** Writes the document to the recovery journal now, if it has unsaved changes. */
  async flushAutosave(): Promise<void> {
    const state = this.doc.getState();
    const key = recoveryKey(state);
    if (!isDirty(state)) {
      if (this.journalKey === key) await this.discardJournal(key);
      return;
    }
    try {
      await this.host.writeRecovery(key, serializeGraph(state.graph));
      this.journalKey = key;
      if (this.view.getState().hostStatus === 'unreachable') this.view.setState({ hostStatus: 'ready', hostError: null });
    } catch (error) {
      if (error instanceof HostError && error.status === 0) {
        this.view.setState({ hostStatus: 'unreachable', hostError: errorText(error) });
      }
    }
  }

  // ── Validation ─────────────────────────────────────────────────────────────

  private scheduleValidation(delay = VALIDATE_MS): void {
    if (this.validateTimer) clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => {
      this.validateTimer = null;
      this.validateNow();
    }, delay);
  }

  validateNow(): void {
    const catalog = this.view.getState().catalog;
    if (!catalog) return;
    const state = this.doc.getState();
    const diagnostics = validateGraph(state.graph, catalog, { file: state.path ?? undefined });
    // The engine checks list lengths only when it gets there; the editor can tell from the params.
    const mismatches = diagnostics.some((d) => d.severity === 'error') ? [] : listMismatches(state.graph, catalog);
    const previous = this.view.getState().listMismatches;
    if (mismatches.length || previous.length) this.view.setState({ listMismatches: mismatches });
    for (const m of mismatches) {
      diagnostics.push({
        severity: 'error',
        ...(state.path ? { file: state.path } : {}),
        nodeId: m.nodeId,
        port: m.inputs[m.inputs.length - 1]?.port,
        path: `nodes.${m.nodeId}`,
        message: m.message,
      });
    }
    this.markStale();
    // A failed run's reasons stay in the list until the node changes or runs again.
    const stale = this.view.getState().staleNodes;
    for (const [nodeId, node] of Object.entries(this.run.getState().nodes)) {
      if (node.status !== 'failed' || stale[nodeId] || !Object.hasOwn(state.graph.nodes, nodeId)) continue;
      diagnostics.push({
        severity: 'error',
        ...(state.path ? { file: state.path } : {}),
        nodeId,
        path: `nodes.${nodeId}`,
        message: `the last run failed here: ${node.error ?? 'failed'}`,
      });
    }
    this.view.getState().setDiagnostics(diagnostics);
  }

  /** Marks results made before a change upstream of them, or to their own params. */
  markStale(): void {
    const run = this.run.getState();
    const madeWith: Record<string, string | undefined> = {};
    for (const [id, node] of Object.entries(run.nodes)) {
      if (node.madeWith && (node.outputs || node.status === 'failed')) madeWith[id] = node.madeWith;
    }
    const previous = this.view.getState().staleNodes;
    if (!Object.keys(madeWith).length && !Object.keys(previous).length) return;
    const next = staleNodes(madeWith, nodeFingerprints(this.doc.getState().graph), previous);
    if (next !== previous) this.view.setState({ staleNodes: next });
  }

  /** Puts a Split into variants (and an Unpack) before the node where lists of different lengths meet. */
  fixListMismatch(nodeId: string): void {
    const catalog = this.view.getState().catalog;
    const mismatch = this.view.getState().listMismatches.find((m) => m.nodeId === nodeId);
    if (!catalog || !mismatch) return;
    const fix = splitIntoVariants(this.doc.getState().graph, mismatch, catalog);
    if (!fix) {
      this.toast('This host has no variants.split and variants.unpack nodes to combine the lists with', 'error');
      return;
    }
    this.doc.getState().seal();
    this.doc.getState().change((draft) => {
      fix.recipe(draft);
    });
    this.doc.getState().seal();
    this.flow.getState().select([fix.splitId, fix.unpackId]);
    this.validateNow();
  }

  // ── Editing ────────────────────────────────────────────────────────────────

  isGraphInput = (type: string): boolean => {
    const catalog = this.view.getState().catalog;
    return !!(catalog && findNodeType(catalog, type)?.isGraphInput);
  };

  /** Adds a node of `type` at `at` (flow coordinates; the viewport's centre when absent), selected. */
  addNode(type: string, at?: XY): string {
    const position = at ?? this.viewportCenter();
    const catalog = this.view.getState().catalog;
    const params = providerDefaults(catalog ? findNodeType(catalog, type) : undefined, this.settings);
    const others = this.flow
      .getState()
      .nodes.filter((n) => n.type !== FRAME_NODE)
      .map((n) => ({
        x: n.position.x,
        y: n.position.y,
        width: n.measured?.width ?? NODE_WIDTH,
        height: n.measured?.height ?? NEW_NODE_HEIGHT,
      }));
    const spot = freeSpot(
      { x: Math.round(position.x - NODE_WIDTH / 2), y: Math.round(position.y - 40) },
      { width: NODE_WIDTH, height: NEW_NODE_HEIGHT },
      others,
    );
    const id = this.doc.getState().addNode(type, spot, { isGraphInput: this.isGraphInput(type), params });
    this.flow.getState().select([id]);
    return id;
  }

  /** Adds a node where a loose wire was dropped and connects the wire to it, as one undo step. */
  addNodeOnWire(type: string, at: XY, wire: LooseWire): void {
    const catalog = this.view.getState().catalog;
    const info = catalog ? findNodeType(catalog, type) : undefined;
    const doc = this.doc.getState();
    doc.beginGesture('add-on-wire');
    // A node fed from the left goes to the right of the drop point, and the other way round.
    const id = this.addNode(type, { x: at.x + (wire.side === 'source' ? NODE_WIDTH / 2 : -NODE_WIDTH / 2), y: at.y });
    const params = this.doc.getState().graph.nodes[id]?.params;
    const port = info ? portForWire(info, wire, params) : undefined;
    if (port && catalog) {
      const from = wire.side === 'source' ? `${wire.nodeId}.${wire.port}` : `${id}.${port.name}`;
      const to = wire.side === 'source' ? `${id}.${port.name}` : `${wire.nodeId}.${wire.port}`;
      const result = canConnect(this.doc.getState().graph, from, to, catalog);
      if (result.ok) this.doc.getState().connect(from, to, result.replaces);
    }
    this.doc.getState().endGesture();
  }

  private viewportCenter(): XY {
    const rf = this.flowInstance;
    const pane = document.querySelector('.react-flow');
    if (!rf || !pane) return { x: 0, y: 0 };
    const box = pane.getBoundingClientRect();
    return rf.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  }

  deleteSelection(): void {
    const { selectedNodes, selectedEdges, selectedGroups } = this.view.getState();
    if (!selectedNodes.length && !selectedEdges.length && selectedGroups.length) {
      // A frame alone: remove the group, keep its nodes.
      for (const id of selectedGroups) this.doc.getState().removeGroup(id);
      return;
    }
    this.doc.getState().removeElements(selectedNodes, selectedEdges);
  }

  selectAll(): void {
    this.flow.getState().selectAll();
  }

  undo(): void {
    this.doc.getState().undo();
  }

  redo(): void {
    this.doc.getState().redo();
  }

  /** The selection as clipboard text; `null` when nothing is selected. */
  private selectionText(): string | null {
    const ids = this.view.getState().selectedNodes;
    if (!ids.length) return null;
    this.pasteCount = 0;
    return clipboardText(copyNodes(this.doc.getState().graph, ids));
  }

  /** Copies through the DOM copy event (no permission needed), falling back to memory. */
  copyTo(event: ClipboardEvent | null): boolean {
    const text = this.selectionText();
    if (!text) return false;
    this.memoryClipboard = text;
    if (event?.clipboardData) {
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    } else {
      navigator.clipboard?.writeText(text).catch(() => undefined);
    }
    return true;
  }

  cutTo(event: ClipboardEvent | null): void {
    if (this.copyTo(event)) this.deleteSelection();
  }

  /** Pastes clipboard text (or, from a menu, the system clipboard or the in-memory copy). */
  async paste(text?: string): Promise<void> {
    let source = text;
    if (source === undefined) {
      try {
        source = await navigator.clipboard.readText();
      } catch {
        source = this.memoryClipboard ?? '';
      }
      if (!readClipboardText(source) && this.memoryClipboard) source = this.memoryClipboard;
    }
    const clip = readClipboardText(source ?? '');
    if (!clip) return;
    this.pasteCount++;
    const at = this.view.getState().pointer;
    const offset = this.pasteOffset(clip, at);
    const ids = this.doc.getState().paste(clip, offset, this.isGraphInput);
    this.flow.getState().select(ids);
  }

  /** Pasted at the pointer when it is over the canvas, else a step down-right of the original. */
  private pasteOffset(clip: GraphFile, at: XY | null): XY {
    const positions = Object.values(clip.nodes).map((n) => n.ui ?? { x: 0, y: 0 });
    if (at && positions.length) {
      const minX = Math.min(...positions.map((p) => p.x));
      const minY = Math.min(...positions.map((p) => p.y));
      const step = (this.pasteCount - 1) * 20;
      return { x: at.x - minX + step, y: at.y - minY + step };
    }
    const step = PASTE_OFFSET * this.pasteCount;
    return { x: step, y: step };
  }

  duplicate(): void {
    const ids = this.view.getState().selectedNodes;
    if (!ids.length) return;
    const clip = copyNodes(this.doc.getState().graph, ids);
    const pasted = this.doc.getState().paste(clip, { x: PASTE_OFFSET, y: PASTE_OFFSET }, this.isGraphInput);
    this.flow.getState().select(pasted);
  }

  groupSelection(): void {
    const ids = this.view.getState().selectedNodes;
    if (!ids.length) return;
    const id = this.doc.getState().createGroup(ids, 'Group');
    if (id) this.toast('Grouped. Rename the group in the inspector.', 'info');
  }

  /** Moves the frame's nodes by how far the frame moved. */
  moveGroup(groupId: string, delta: XY, skip: ReadonlySet<string>): void {
    if (!delta.x && !delta.y) return;
    const graph = this.doc.getState().graph;
    const group = (graph.ui?.groups ?? []).find((g) => (g as { id?: unknown }).id === groupId) as
      | { nodes?: string[] }
      | undefined;
    if (!group?.nodes) return;
    const positions: Record<string, XY> = {};
    const flowNodes = new Map(this.flow.getState().nodes.map((n) => [n.id, n]));
    for (const id of group.nodes) {
      if (skip.has(id)) continue;
      const node = flowNodes.get(id);
      if (node) positions[id] = { x: node.position.x + delta.x, y: node.position.y + delta.y };
    }
    this.doc.getState().moveNodes(positions);
  }

  async autoLayout(): Promise<void> {
    const { graph } = this.doc.getState();
    const selected = this.view.getState().selectedNodes;
    const sizes = new Map(
      this.flow
        .getState()
        .nodes.filter((n) => n.type !== FRAME_NODE)
        .map((n) => [n.id, { width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? 160 }]),
    );
    try {
      const positions = await autoLayout(graph, sizes, selected.length > 1 ? selected : undefined);
      this.doc.getState().seal();
      this.doc.getState().moveNodes(positions);
      this.doc.getState().seal();
      requestAnimationFrame(() => void this.flowInstance?.fitView({ padding: 0.15, duration: 200 }));
    } catch (error) {
      this.fail('Auto-layout failed', error);
    }
  }

  toggleMinimap(): void {
    const isShown = !this.view.getState().showMinimap;
    this.view.setState({ showMinimap: isShown });
    rememberMinimapChoice(isShown);
  }

  fitView(): void {
    void this.flowInstance?.fitView({ padding: 0.15, duration: 200 });
  }

  /** Centres the canvas on a node and selects it (from the problems list or the results). */
  revealNode(nodeId: string): void {
    const node = this.flow.getState().nodes.find((n) => n.id === nodeId);
    if (!node) return;
    this.flow.getState().select([nodeId]);
    const width = node.measured?.width ?? NODE_WIDTH;
    const height = node.measured?.height ?? 160;
    void this.flowInstance?.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
      zoom: Math.max(this.flowInstance.getZoom(), 0.8),
      duration: 250,
    });
  }

  // ── Runs ───────────────────────────────────────────────────────────────────

  runAll(): Promise<void> {
    return this.startRun();
  }

  runSelected(): Promise<void> {
    const only = this.view.getState().selectedNodes;
    if (!only.length) {
      this.toast('Select the nodes to run up to first', 'info');
      return Promise.resolve();
    }
    return this.startRun(only);
  }

  private async startRun(only?: string[]): Promise<void> {
    if (isRunActive(this.run.getState())) return;
    this.validateNow();
    const mismatch = this.view.getState().listMismatches[0];
    if (mismatch) {
      this.view.setState({ showProblems: true });
      this.toast(`The run would fail at "${mismatch.nodeId}": ${mismatch.message}`, 'error');
      return;
    }
    const state = this.doc.getState();
    this.stopRunEvents?.();
    this.run.getState().starting(only ?? Object.keys(state.graph.nodes), nodeFingerprints(state.graph));
    const path = state.path ?? state.templateOf ?? undefined;
    try {
      const { runId } = await this.host.startRun({
        graph: state.graph as Record<string, unknown>,
        ...(path ? { path } : {}),
        ...(only ? { only } : {}),
      });
      this.run.getState().started(runId);
      this.stopRunEvents = this.host.subscribeRun(runId, (event) => {
        this.run.getState().receive(event);
        if (event.type === 'node.finished' && event.nodeId && this.view.getState().staleNodes[event.nodeId]) {
          const { [event.nodeId]: _, ...rest } = this.view.getState().staleNodes;
          this.view.setState({ staleNodes: rest });
        }
        if (event.type === 'run.finished') this.onRunFinished();
      });
    } catch (error) {
      this.run.getState().failedToStart(errorText(error));
      this.validateNow();
      const problems = this.view.getState().diagnostics.filter((d) => d.severity === 'error');
      if (error instanceof HostError && error.status === 400 && problems.length) {
        // The problems panel lists them one by one; a toast with all of them would be a wall.
        this.view.setState({ showProblems: true });
        this.toast(
          `The run did not start: the graph has ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix first`,
          'error',
        );
        return;
      }
      this.fail('The run did not start', error);
    }
  }

  private onRunFinished(): void {
    this.validateNow();
    const run = this.run.getState();
    const seconds = run.durationMs !== undefined ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : '';
    if (run.status === 'succeeded') this.toast(`Run finished${seconds}`, 'success');
    else if (run.status === 'cancelled') this.toast('Run cancelled', 'info');
    else this.toast(`Run failed${seconds}: see the red nodes`, 'error');
  }

  async cancelRun(): Promise<void> {
    const { runId } = this.run.getState();
    if (!runId || !isRunActive(this.run.getState())) return;
    try {
      await this.host.cancelRun(runId);
    } catch (error) {
      this.fail('Could not cancel the run', error);
    }
  }

  // ── Messages ───────────────────────────────────────────────────────────────

  toast(message: string, tone: 'info' | 'error' | 'success' = 'info'): void {
    this.view.getState().toast(message, tone);
  }

  fail(what: string, error: unknown): void {
    if (error instanceof HostError && error.status === 0)
      this.view.setState({ hostStatus: 'unreachable', hostError: error.message });
    this.toast(`${what}: ${errorText(error)}`, 'error');
  }
}

function roundViewport(viewport: { x: number; y: number; zoom: number }) {
  return { x: Math.round(viewport.x), y: Math.round(viewport.y), zoom: Math.round(viewport.zoom * 1000) / 1000 };
}
