import {
  applyGraphOps,
  type Catalog,
  diffGraphs,
  type GraphFile,
  type GraphOp,
  isEmptyDiff,
  loadGraphObject,
} from '@adloom/graph';

/** A turn's proposal as the editor keeps it until Apply or Discard. */
export interface Proposal {
  /** The document's graph when the turn was sent: what the proposal was made from. */
  base: GraphFile;
  ops: GraphOp[];
  /** The whole graph the ops lead to from `base`, checked as a graph file. */
  graph: GraphFile;
}

export type ProposalOutcome = { ok: true; graph: GraphFile; isRebased: boolean } | { ok: false; reason: string };

/** The proposal's graph from the host, checked at the edge like a file; the reason when it is not one. */
export function checkProposedGraph(graph: unknown): { graph: GraphFile } | { reason: string } {
  const loaded = loadGraphObject(graph);
  if (!loaded.graph) return { reason: loaded.diagnostics[0]?.message ?? 'the proposal is not a graph' };
  return { graph: loaded.graph };
}

/**
 * The graph Apply puts in the document. When the document is still what the turn saw, it is
 * the proposed graph as it is; after edits made meanwhile, the proposal's ops are applied to the
 * document as it is now, or the reason they no longer apply.
 */
export function graphToApply(current: GraphFile, proposal: Proposal, catalog: Catalog): ProposalOutcome {
  if (current === proposal.base || isEmptyDiff(diffGraphs(proposal.base, current))) {
    // Keep what the document holds that no diff reports (the saved view).
    const ui = current.ui?.viewport && proposal.graph.ui ? { ...proposal.graph.ui, viewport: current.ui.viewport } : undefined;
    return { ok: true, graph: ui ? { ...proposal.graph, ui } : proposal.graph, isRebased: false };
  }
  const result = applyGraphOps(current, proposal.ops, catalog);
  if (!result.ok) {
    const where = result.refusal.nodeId ? ` (node ${result.refusal.nodeId})` : '';
    return {
      ok: false,
      reason: `The graph changed since the request and the proposal no longer applies${where}: ${result.refusal.message}`,
    };
  }
  return { ok: true, graph: result.graph, isRebased: true };
}
