/** What a past run's file says once it is gone from the workspace's store. */
export const MISSING_FILE = 'File no longer in the workspace — run again to remake it';

/**
 * In place of a file a reopened run names but the store no longer holds (a cleaned `.adloom`, a
 * pruned cache): the host marks it `isMissing`, and a designer reads why there is no picture
 * and how to get it back, where a broken image would say nothing.
 */
export function MissingFile({ className }: { className?: string }) {
  return (
    <span
      className={className ? `missing-file ${className}` : 'missing-file'}
      role="img"
      aria-label={MISSING_FILE}
      title={MISSING_FILE}
    >
      {/* The words read as one sentence on one line, as two lines in a tile (where the dash is hidden). */}
      <span className="missing-file-title">File no longer in the workspace</span>
      <span className="missing-file-dash"> — </span>
      <span className="missing-file-hint">run again to remake it</span>
    </span>
  );
}
