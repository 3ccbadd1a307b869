import type { NodeRunState } from './run-state.ts';

/**
 * `about 40 s left`, from how long the node has run and how far it has got (the mean of its
 * items' progress for a mapped node, as ffmpeg reports it for encodes); nothing before 5 %.
 */
export function timeLeft(state: Pick<NodeRunState, 'progress' | 'startedAt'>, now = performance.now()): string {
  const { progress, startedAt } = state;
  if (progress === undefined || startedAt === undefined || progress < 0.05 || progress >= 1) return '';
  const seconds = ((now - startedAt) / 1000) * ((1 - progress) / progress);
  if (seconds < 1) return 'under 1 s left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}
