import { GRAPH_FORMAT_VERSION } from './schema.ts';

/** Upgrades a file of format `from` to `from + 1`; it may edit and return the object it is given. */
export type Migration = (file: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations keyed by the version they upgrade from. Format 1 is the first published
 * format, so there is none yet; each one added here needs a fixture pair in
 * `test/fixtures/migrations/` (`v<N>.adloom.json` and `v<N>.expected.json`).
 */
export const migrations: Readonly<Record<number, Migration>> = {};

export class MigrationError extends Error {}

/** Brings a parsed graph file of any known format version up to the current one. */
export function migrateGraph(
  file: Record<string, unknown>,
  registry: Readonly<Record<number, Migration>> = migrations,
  target: number = GRAPH_FORMAT_VERSION,
): Record<string, unknown> {
  const version = file.adloom;
  if (version === undefined) {
    throw new MigrationError('this is not an Adloom graph: the "adloom" format version is missing');
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new MigrationError(`the "adloom" format version must be a whole number like ${target}, not ${JSON.stringify(version)}`);
  }
  if (version > target) {
    throw new MigrationError(`this graph was saved by a newer Adloom (format ${version}); this one reads up to format ${target}`);
  }
  // Migrations may edit the object they are given; the caller's parsed file stays as it was.
  let current = version < target ? structuredClone(file) : file;
  for (let v = version; v < target; v++) {
    const migration = registry[v];
    if (!migration) {
      throw new MigrationError(
        `this graph uses format ${version}, which this Adloom cannot read: there is no migration from format ${v} to ${v + 1}`,
      );
    }
    current = { ...migration(current), adloom: v + 1 };
  }
  return current;
}
