// `npm run rules` (node scripts/rules.ts) writes docs/rules.md: every rule id that tests, source
// comments and docs cite, grouped by the area that owns the rule, with what the rule says and the
// test files that cite it. `npm run rules -- --check` writes nothing and exits 1 when docs/rules.md
// is out of date or a file cites an id without its area (a bare `[K1]` meant four rules once).
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A rule id as it is cited: `[area.K1]`; a bare `[K1]` matches too, so that it can be refused. */
const RULE_ID = /\[(?:([a-z]+)\.)?([A-Z]{1,3}[0-9]{1,3}[a-z]?)\]/g;
const HAS_RULE_ID = new RegExp(RULE_ID.source);

/** The areas a rule can belong to, with the folder that holds each one's code. */
export const AREAS: Record<string, string> = {
  editor: 'apps/editor',
  desktop: 'apps/desktop',
  engine: 'packages/engine',
  graph: 'packages/graph',
  host: 'packages/host',
  server: 'packages/server',
  cli: 'packages/cli',
  sdk: 'packages/sdk',
  specs: 'packages/specs',
  assistant: 'packages/assistant',
  queue: 'packages/queue',
  packs: 'packages/engine',
  core: 'nodes/core',
  text: 'nodes/text',
  image: 'nodes/image',
  video: 'nodes/video',
  variants: 'nodes/variants',
  page: 'nodes/page',
};

export const RULES_FILE = 'docs/rules.md';
/** This script and its test name ids as examples; the list they write is not a citation either. */
const NOT_CITING = new Set([RULES_FILE, 'scripts/rules.ts', 'scripts/rules.test.ts']);
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage']);

export type Citation = {
  file: string;
  line: number;
  /** `engine.F1`, or `F1` when the area is missing. */
  id: string;
  area: string | undefined;
  kind: 'test' | 'source' | 'doc';
  /** What the citing place says after the id: a test's title, a comment's first sentence. */
  text: string;
  /** The docs state the rule here, in bold: `**[engine.F1] A host run reads only its folders.**`. */
  defines: boolean;
};

/** The .ts, .tsx and .md files of the repository, as paths relative to its root. */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|md)$/.test(entry.name)) files.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(root);
  return files;
}

const kindOf = (file: string): Citation['kind'] =>
  file.endsWith('.md') ? 'doc' : /\.test\.tsx?$/.test(file) ? 'test' : 'source';

/** The first sentence of a run of words (two when the first is a short heading such as "Bypass."). */
function firstSentence(words: string): string {
  const text = words.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
  const ends = [...text.matchAll(/[.!?](?=\s|$)/g)].map((m) => m.index + 1);
  const [first, second] = ends;
  if (first === undefined) return text;
  if (second !== undefined && text.slice(0, first).split(' ').length <= 3) return text.slice(0, second);
  return text.slice(0, first);
}

/** The rest of the string literal the id opens (a test title), or undefined when it is not in one. */
function titleAfter(line: string, start: number, end: number): string | undefined {
  const quote = line[start - 1];
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined;
  let title = '';
  for (let i = end; i < line.length; i++) {
    if (line[i] === '\\') title += line[++i] ?? '';
    else if (line[i] === quote) return title.trim();
    else title += line[i];
  }
  return undefined;
}

/** The comment or paragraph text from the id on, joined across the lines that continue it. */
function proseAfter(lines: string[], index: number, end: number, kind: Citation['kind']): string {
  const strip = (line: string) => line.replace(kind === 'doc' ? /^\s*(?:[-*>|]\s+)?/ : /^\s*(?:\/\/+|\/?\*+\/?)\s?/, '');
  const parts = [(lines[index] ?? '').slice(end)];
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const continues = kind === 'doc' ? /^\s{2,}\S/.test(line) : /^\s*(\/\/|\*(?!\/))\s*\S/.test(line);
    if (!continues || HAS_RULE_ID.test(line)) break;
    parts.push(strip(line));
  }
  return firstSentence(parts.join(' ').replace(/^[\s`*:—–-]+/, ''));
}

/** The title of the `describe` around a test, which its title reads on from ("secrets" + "are write-only"). */
function describeAround(lines: string[], index: number): string | undefined {
  const indent = (lines[index] ?? '').search(/\S/);
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const at = line.search(/\S/);
    if (at < 0 || at >= indent) continue;
    const open = /^\s*describe(?:\.\w+)?\((['"`])/.exec(line);
    if (!open) continue;
    const title = titleAfter(line, open[0].length, open[0].length);
    return title && !HAS_RULE_ID.test(title) ? title : undefined;
  }
  return undefined;
}

/** Every place a file cites a rule id. */
export function citationsIn(file: string, text: string): Citation[] {
  const kind = kindOf(file);
  const lines = text.split('\n');
  const found: Citation[] = [];
  lines.forEach((line, index) => {
    for (const match of line.matchAll(RULE_ID)) {
      const [whole, area, local] = match;
      const start = match.index;
      const end = start + whole.length;
      // `it.each` titles hold printf placeholders
      const title = kind === 'test' ? titleAfter(line, start, end)?.replace(/%[sdifjo]/g, '…') : undefined;
      const around = title === undefined ? undefined : describeAround(lines, index);
      found.push({
        file,
        line: index + 1,
        id: area ? `${area}.${local}` : (local as string),
        area,
        // an id in a test file's comment is a comment, not a test that holds the rule
        kind: kind === 'test' && title === undefined ? 'source' : kind,
        text: title === undefined ? proseAfter(lines, index, end, kind) : around ? `${around}: ${title}` : title,
        defines: kind === 'doc' && line.slice(start - 2, start) === '**',
      });
    }
  });
  return found;
}

export function findCitations(root: string): Citation[] {
  return listFiles(root)
    .filter((file) => !NOT_CITING.has(file))
    .flatMap((file) => citationsIn(file, readFileSync(join(root, file), 'utf8')));
}

/** Orders K2 before K10 and D11 before D11b. */
function compareIds(a: string, b: string): number {
  const parse = (id: string) => /^(?:([a-z]+)\.)?([A-Z]+)([0-9]+)([a-z]?)$/.exec(id)?.slice(1) ?? [id, '', '0', ''];
  const [na = '', la = '', da = '0', sa = ''] = parse(a);
  const [nb = '', lb = '', db = '0', sb = ''] = parse(b);
  return na.localeCompare(nb) || la.localeCompare(lb) || Number(da) - Number(db) || sa.localeCompare(sb);
}

/**
 * What a rule says, in the words of the place that states it best: a bold definition in the docs
 * (`**[engine.F1] A host run reads only its folders.**`), else a test title in the owning area,
 * else a comment there, else any test title that cites it.
 */
function statementOf(citations: Citation[]): string {
  const area = citations[0]?.area ?? '';
  const owned = (c: Citation) => c.file.startsWith(`${AREAS[area]}/`);
  const picks = [
    citations.find((c) => c.defines && c.text),
    citations.find((c) => c.kind === 'test' && owned(c)),
    citations.find((c) => c.kind === 'source' && owned(c) && c.text),
    citations.find((c) => c.kind === 'test'),
    citations.find((c) => c.text),
  ];
  return picks.find(Boolean)?.text ?? '';
}

/** docs/rules.md as it should read today. */
export function renderRules(citations: Citation[]): string {
  const byId = new Map<string, Citation[]>();
  for (const c of citations) if (c.area) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  const ids = [...byId.keys()].sort(compareIds);
  const out = [
    '# Rules',
    '',
    'Every rule id that the tests, the source comments and the docs cite, by the area that owns the rule:',
    'what the rule says and the test files that cite it. A test names its rule in its title',
    "(`it('[engine.F1] ...')`); an id always carries its area, because the same letters mean different",
    'rules in different areas.',
    '',
    'Written by `npm run rules` (`npm run rules -- --check` says whether it is current); `scripts/rules.test.ts`',
    'fails when a test cites an id without its area or one that is missing here.',
  ];
  let area = '';
  for (const id of ids) {
    const cites = byId.get(id) ?? [];
    const first = cites[0];
    if (!first?.area) continue;
    if (first.area !== area) {
      area = first.area;
      out.push('', `## ${area}${AREAS[area] ? ` (\`${AREAS[area]}\`)` : ''}`, '');
    }
    // a test file that names the rule in a comment beside its assertions holds it as well
    const tests = [...new Set(cites.filter((c) => kindOf(c.file) === 'test').map((c) => c.file))];
    const where = tests.length
      ? `Tests: ${tests.map((f) => `\`${f}\``).join(', ')}.`
      : `No test cites it; see ${[...new Set(cites.map((c) => c.file))].map((f) => `\`${f}\``).join(', ')}.`;
    const said = statementOf(cites).replace(/\s*[.;:,]?$/, '.');
    out.push(`- **${id}** ${said} ${where}`);
  }
  return `${out.join('\n')}\n`;
}

/** What is wrong with the citations, one message per place, naming the file, the line and the id. */
export function findProblems(citations: Citation[], rulesText: string): string[] {
  const listed = new Set([...rulesText.matchAll(/^- \*\*([a-z]+\.[A-Za-z0-9]+)\*\*/gm)].map((m) => m[1]));
  const problems: string[] = [];
  for (const c of citations) {
    const place = `${c.file}:${c.line}`;
    if (!c.area) {
      problems.push(
        `${place}: [${c.id}] has no area; write it as [area.${c.id}], the area that owns the rule (see ${RULES_FILE})`,
      );
    } else if (!(c.area in AREAS)) {
      problems.push(`${place}: [${c.id}] names no known area; one of: ${Object.keys(AREAS).join(', ')}`);
    } else if (!listed.has(c.id)) {
      problems.push(`${place}: [${c.id}] is missing from ${RULES_FILE}; run npm run rules`);
    }
  }
  return problems;
}

function main(argv: string[]) {
  const root = resolve(import.meta.dirname, '..');
  const citations = findCitations(root);
  const bare = findProblems(citations, '').filter((p) => !p.includes('is missing from'));
  const wanted = renderRules(citations);
  const path = join(root, RULES_FILE);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    const problems = findProblems(citations, current);
    if (current !== wanted) problems.push(`${RULES_FILE} is out of date; run npm run rules`);
    for (const p of problems) console.error(p);
    process.exitCode = problems.length ? 1 : 0;
    return;
  }
  for (const p of bare) console.error(p);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, wanted);
  renameSync(tmp, path);
  console.log(`${RULES_FILE}: ${new Set(citations.filter((c) => c.area).map((c) => c.id)).size} rules`);
  if (bare.length) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
