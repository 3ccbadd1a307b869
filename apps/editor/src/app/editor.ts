import {
  canConnect,
  findNodeType,
  type GraphFile,
  heightOf,
  NODE_COLUMN,
  NODE_WIDTH,
  type NodeBox,
  validateGraph,
} from '@adloom/graph';
import { type Host, type HostDocumentState, HostError, type HostMenuCommand, type Settings } from '@adloom/host';
import type { Node, ReactFlowInstance } from '@xyflow/react';
import { autoLayout } from '../canvas/auto-layout.ts';
import { createFlowStore, type FlowStore, FRAME_NODE } from '../canvas/flow-store.ts';
import { freeSpot } from '../canvas/free-spot.ts';
import { FIT_WHOLE_GRAPH, showsEveryNode, type Viewport, viewportFitting } from '../canvas/initial-view.ts';
import { clipboardText, copyNodes, readClipboardText } from '../document/clipboard.ts';
import { createDocumentStore, type DocumentStore, type XY } from '../document/document-store.ts';
import { toggleBypassIn } from '../document/graph-recipes.ts';
import { createHistory, type History, isDirty } from '../document/history.ts';
import { providerDefaults } from '../document/provider-defaults.ts';
import { splitIntoVariants } from '../document/split-into-variants.ts';
import { type LooseWire, portForWire } from '../palette/wire-drop.ts';
import { nodeFingerprints, staleNodes } from '../run/freshness.ts';
import { listMismatches } from '../run/list-lengths.ts';
import { createRunStore, type RunStore } from '../run/run-store.ts';
import { createViewStore, type LeaveFor, rememberMinimapChoice, type ViewStore } from '../view/view-store.ts';
import { AssistantControl } from './assistant-control.ts';
import { COMMANDS } from './commands.ts';
import { FileSession, pathToReopen } from './file-session.ts';
import { errorText } from './local-store.ts';
import { RunControl } from './run-control.ts';
import { RunHistoryControl } from './run-history-control.ts';

const VALIDATE_MS = 150;
/** The longest an opened graph waits for its first check, if it is not drawn before (a hidden window). */
const VALIDATE_OPENED_MS = 2000;
const HOST_WATCH_MS = 3000;
const PASTE_OFFSET = 40;

/**
 * The editor's actions: what menus, shortcuts and views call. It owns the stores and speaks
 * to the Host; views read the stores through small selectors.
 */
export class Editor {
  readonly doc: DocumentStore = createDocumentStore();
  /** Undo and redo of the document, and whether it has unsaved changes. */
  readonly undoHistory: History = createHistory(this.doc);
  readonly view: ViewStore = createViewStore();
  readonly run: RunStore = createRunStore();
  readonly flow: FlowStore;
  private flowInstance: ReactFlowInstance | null = null;
  private canvasSize: (() => { width: number; height: number }) | null = null;
  private memoryClipboard: string | null = null;
  private validateTimer: ReturnType<typeof setTimeout> | null = null;
  private pasteCount = 0;
  /** Opening, saving and the recovery journal. */
  readonly files: FileSession;
  /** Starting, following and cancelling runs. */
  readonly runs: RunControl;
  /** The assistant panel: messages, proposals, the conversation kept for the graph. */
  readonly assistant: AssistantControl;
  /** The run history panel, and a past run shown in place of the current state. */
  readonly history: RunHistoryControl;
  settings: Settings | null = null;
  readonly host: Host;

  constructor(host: Host) {
    this.host = host;
    this.flow = createFlowStore(this.doc, this.view);
    this.files = new FileSession(this);
    this.runs = new RunControl(this);
    this.assistant = new AssistantControl(this);
    this.history = new RunHistoryControl(this);
    this.doc.subscribe((state, previous) => {
      if (state.graph !== previous.graph) this.scheduleValidation();
      if (state.revision !== previous.revision) this.files.scheduleAutosave();
      if (state.path !== previous.path || state.untitledId !== previous.untitledId) this.files.rememberLastOpen();
    });
    this.view.subscribe((state, previous) => {
      if (state.catalog !== previous.catalog) this.scheduleValidation(0);
    });
    // The desktop shell: native menu commands come in, the document's state goes out.
    this.host.onMenuCommand?.((command) => this.runMenuCommand(command));
    // The history hears of every change before the document's subscribers, so it is up to date here.
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
    const next: HostDocumentState = {
      path: state.path,
      title: state.graph.name || 'Untitled',
      isDirty: isDirty(this.undoHistory.getState()),
    };
    const last = this.reported;
    if (last && last.path === next.path && last.title === next.title && last.isDirty === next.isDirty) return;
    this.reported = next;
    this.host.reportDocumentState(next);
  }

  // ── Connection to the host ─────────────────────────────────────────────────

  /** Asks the host who it is and what nodes it has; then reopens the last document. */
  async start(): Promise<void> {
    // The file is asked for together with the catalog, not a round trip after it; it is still
    // loaded after the catalog, and the canvas mounts with its nodes at the view they open at.
    const path = this.isNewWindow() ? null : pathToReopen();
    const file = path ? this.host.openFile(path) : null;
    file?.catch(() => undefined);
    if (!(await this.connect())) return;
    if (this.isNewWindow()) this.newGraph(true);
    else await this.files.reopenLast(path, file);
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
    const opening = viewport && isUsable ? viewport : size ? viewportFitting(nodes, size) : null;
    const now = rf.getViewport();
    // The canvas mounts at its opening view: setting the same one again would only draw it again.
    if (opening && opening.x === now.x && opening.y === now.y && opening.zoom === now.zoom) return;
    if (opening) void rf.setViewport(opening);
    else void rf.fitView(FIT_WHOLE_GRAPH);
  }

  /**
   * The view the canvas mounts at on a canvas of `size`, before React Flow has measured a node:
   * the document's saved view, else the whole graph fitted; `null` when neither is known. Once
   * nodes are measured, checkView keeps a saved view only if it shows all of them.
   */
  mountViewport(size: { width: number; height: number } | undefined): Viewport | null {
    const saved = this.doc.getState().graph.ui?.viewport;
    if (saved) return saved;
    return size ? viewportFitting(this.flow.getState().nodes, size) : null;
  }

  /** Whether the view was checked against measured nodes since the document loaded. */
  private isViewChecked = false;

  /** Shows the document (showDocument) the first time React Flow is there and has measured nodes after a load. */
  checkView(): void {
    if (this.isViewChecked || !this.flowInstance) return;
    if (!this.flow.getState().nodes.some((n) => n.measured)) return;
    this.isViewChecked = true;
    this.showDocument();
    // The nodes are on screen once this frame is painted: the graph is checked then, not before.
    requestAnimationFrame(() => this.scheduleValidation(0));
  }

  get reactFlow(): ReactFlowInstance | null {
    return this.flowInstance;
  }

  // ── Files (file-session.ts) ────────────────────────────────────────────────

  newGraph(force = false): void {
    this.files.newGraph(force);
  }

  leaveFor(next: LeaveFor, save: boolean): Promise<void> {
    return this.files.leaveFor(next, save);
  }

  open(path: string, force = false): Promise<boolean> {
    return this.files.open(path, force);
  }

  openTemplate(path: string, force = false): Promise<void> {
    return this.files.openTemplate(path, force);
  }

  save(): Promise<boolean> {
    return this.files.save();
  }

  saveAs(path: string): Promise<boolean> {
    return this.files.saveAs(path);
  }

  saveTo(path: string, isNewPath: boolean, force = false): Promise<boolean> {
    return this.files.saveTo(path, isNewPath, force);
  }

  recentFiles(): string[] {
    return this.files.recentFiles();
  }

  restoreRecovery(text: string): void {
    this.files.restoreRecovery(text);
  }

  discardRecovery(key: string): Promise<void> {
    return this.files.discardRecovery(key);
  }

  flushAutosave(): Promise<void> {
    return this.files.flushAutosave();
  }

  /** A document was loaded or started: runs of the one before are forgotten, the view shows it. */
  documentLoaded(): void {
    this.runs.reset();
    void this.assistant.documentLoaded();
    this.pasteCount = 0;
    this.isViewChecked = false;
    // Its first check waits until it is drawn (checkView): on 1,000 nodes it took the time of a
    // frame before the graph showed.
    if (Object.keys(this.doc.getState().graph.nodes).length) this.scheduleValidation(VALIDATE_OPENED_MS);
    // Let React Flow take the new nodes first.
    requestAnimationFrame(() => this.showDocument());
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
    // The two new nodes side by side, clear of every node there is.
    const others = this.nodeBoxes();
    const size = { width: NODE_COLUMN + NODE_WIDTH, height: Math.max(heightOf('variants.split'), heightOf('variants.unpack')) };
    const fix = splitIntoVariants(this.doc.getState().graph, mismatch, catalog, (wanted) => freeSpot(wanted, size, others));
    if (!fix) {
      this.toast('This host has no variants.split and variants.unpack nodes to combine the lists with', 'error');
      return;
    }
    this.undoHistory.getState().asStep(() =>
      this.doc.getState().change((draft) => {
        fix.recipe(draft);
      }),
    );
    this.flow.getState().select([fix.splitId, fix.unpackId]);
    this.validateNow();
  }

  // ── Editing ────────────────────────────────────────────────────────────────

  isGraphInput = (type: string): boolean => {
    const catalog = this.view.getState().catalog;
    return !!(catalog && findNodeType(catalog, type)?.isGraphInput);
  };

  /** A node's size on the canvas: as React Flow measured it, else as tall as nodes of its type are. */
  private sizeOf(node: Node): { width: number; height: number } {
    const type = this.doc.getState().graph.nodes[node.id]?.type ?? '';
    return { width: node.measured?.width ?? NODE_WIDTH, height: node.measured?.height ?? heightOf(type) };
  }

  /** Where every node is on the canvas, and how big. */
  private nodeBoxes(): Required<NodeBox>[] {
    return this.flow
      .getState()
      .nodes.filter((n) => n.type !== FRAME_NODE)
      .map((n) => ({ x: n.position.x, y: n.position.y, ...this.sizeOf(n) }));
  }

  /** Adds a node of `type` at `at` (flow coordinates; the viewport's centre when absent), selected. */
  addNode(type: string, at?: XY): string {
    const position = at ?? this.viewportCenter();
    const catalog = this.view.getState().catalog;
    const params = providerDefaults(catalog ? findNodeType(catalog, type) : undefined, this.settings);
    const others = this.nodeBoxes();
    const spot = freeSpot(
      { x: Math.round(position.x - NODE_WIDTH / 2), y: Math.round(position.y - 40) },
      { width: NODE_WIDTH, height: heightOf(type) },
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
    this.undoHistory.getState().asStep(() => {
      // A node fed from the left goes to the right of the drop point, and the other way round.
      const id = this.addNode(type, { x: at.x + (wire.side === 'source' ? NODE_WIDTH / 2 : -NODE_WIDTH / 2), y: at.y });
      const params = this.doc.getState().graph.nodes[id]?.params;
      const port = info ? portForWire(info, wire, params) : undefined;
      if (!port || !catalog) return;
      const from = wire.side === 'source' ? `${wire.nodeId}.${wire.port}` : `${id}.${port.name}`;
      const to = wire.side === 'source' ? `${id}.${port.name}` : `${wire.nodeId}.${wire.port}`;
      const result = canConnect(this.doc.getState().graph, from, to, catalog);
      if (result.ok) this.doc.getState().connect(from, to, result.replaces);
    });
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
    this.undoHistory.getState().undo();
  }

  redo(): void {
    this.undoHistory.getState().redo();
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
        .map((n) => [n.id, this.sizeOf(n)]),
    );
    try {
      const positions = await autoLayout(graph, sizes, selected.length > 1 ? selected : undefined);
      this.undoHistory.getState().asStep(() => this.doc.getState().moveNodes(positions));
      requestAnimationFrame(() => void this.flowInstance?.fitView({ padding: 0.15, duration: 200 }));
    } catch (error) {
      this.fail('Auto-layout failed', error);
    }
  }

  /** Bypasses the selected nodes, or brings them back: runs pass their inputs through. */
  toggleBypass(): void {
    const ids = this.view.getState().selectedNodes;
    if (!ids.length) return;
    this.doc.getState().change((draft) => {
      toggleBypassIn(draft, ids);
    });
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
    const { width, height } = this.sizeOf(node);
    void this.flowInstance?.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
      zoom: Math.max(this.flowInstance.getZoom(), 0.8),
      duration: 250,
    });
  }

  // ── Runs (run-control.ts) ─────────────────────────────────────────────────

  runAll(): Promise<void> {
    return this.runs.runAll();
  }

  runSelected(): Promise<void> {
    return this.runs.runSelected();
  }

  cancelRun(): Promise<void> {
    return this.runs.cancelRun();
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
