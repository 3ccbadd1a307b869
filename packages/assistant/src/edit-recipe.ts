import { type Catalog, findNodeType, type GraphFile, type GraphOp, parseEndpoint } from '@adloom/graph';
import { type BriefSlots, PLATFORM_LABELS, roleOf } from './brief-slots.ts';
import { briefText, FORMATS, splitCount } from './pipeline-recipe.ts';

export interface EditPlan {
  ops: GraphOp[];
  /** What the edit does, a phrase per change, for the answer. */
  done: string[];
  /** Slots the graph has nowhere to put, for the answer. */
  skipped: string[];
}

const idsOfType = (graph: GraphFile, type: string) =>
  Object.entries(graph.nodes)
    .filter(([, node]) => node.type === type)
    .map(([id]) => id);

const feeds = (graph: GraphFile, fromId: string, toId: string) =>
  graph.edges.some((edge) => parseEndpoint(edge.from)?.nodeId === fromId && parseEndpoint(edge.to)?.nodeId === toId);

const freeId = (graph: GraphFile, base: string) => {
  if (!Object.hasOwn(graph.nodes, base)) return base;
  for (let n = 2; ; n++) if (!Object.hasOwn(graph.nodes, `${base}${n}`)) return `${base}${n}`;
};

/**
 * The nodes of `users` a request names for a provider: a node by its id, by its type's title
 * ("the Ad copy node"), or by its role ("copy", "images").
 */
function providerUsersNamed(graph: GraphFile, catalog: Catalog, users: readonly string[], name: string): string[] {
  const lower = name.toLowerCase();
  const byId = users.filter((id) => id.toLowerCase() === lower);
  if (byId.length) return byId;
  const typeOf = (id: string) => graph.nodes[id]?.type ?? '';
  const byTitle = users.filter((id) => findNodeType(catalog, typeOf(id))?.title.toLowerCase() === lower);
  if (byTitle.length) return byTitle;
  const role = roleOf(name);
  return users.filter((id) =>
    role === 'copy' ? typeOf(id).startsWith('llm.') : role === 'images' && typeOf(id) === 'image.generate',
  );
}

/** A copy of a fit node for one more preset, and of each overlay it feeds, wired from the same inputs. */
function chainFor(graph: GraphFile, fit: string, preset: string, planned: readonly GraphOp[]): GraphOp[] {
  const taken = new Set([...Object.keys(graph.nodes), ...planned.flatMap((op) => (op.op === 'addNode' && op.id ? [op.id] : []))]);
  const free = (base: string) => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
    taken.add(id);
    return id;
  };
  const ops: GraphOp[] = [];
  const fitCopy = free(`${fit}-${preset}`);
  ops.push({
    op: 'addNode',
    id: fitCopy,
    type: 'image.fit',
    params: { ...(graph.nodes[fit]?.params ?? {}), presets: [preset] },
    near: fit,
  });
  for (const edge of graph.edges.filter((e) => parseEndpoint(e.to)?.nodeId === fit)) {
    ops.push({ op: 'connect', from: edge.from, to: `${fitCopy}.${parseEndpoint(edge.to)?.port}` });
  }
  const overlays = graph.edges.filter(
    (e) => e.from === `${fit}.images` && graph.nodes[parseEndpoint(e.to)?.nodeId ?? '']?.type === 'image.overlay',
  );
  for (const feed of overlays) {
    const overlay = parseEndpoint(feed.to)?.nodeId as string;
    const overlayCopy = free(`${overlay}-${preset}`);
    ops.push({
      op: 'addNode',
      id: overlayCopy,
      type: 'image.overlay',
      params: { ...(graph.nodes[overlay]?.params ?? {}) },
      near: overlay,
    });
    for (const edge of graph.edges.filter((e) => parseEndpoint(e.to)?.nodeId === overlay)) {
      const from = edge === feed ? `${fitCopy}.images` : edge.from;
      ops.push({ op: 'connect', from, to: `${overlayCopy}.${parseEndpoint(edge.to)?.port}` });
    }
  }
  return ops;
}

/**
 * Changes to an existing graph from a request's slots: counts, lengths, tone, audience, the
 * product, links, providers, platforms, adding or removing video and landing pages. Nodes the
 * request does not reach are left alone.
 */
export function planEdits(graph: GraphFile, slots: BriefSlots, catalog: Catalog): EditPlan {
  const ops: GraphOp[] = [];
  const done: string[] = [];
  const skipped: string[] = [];
  // A param already at the value (set, or by default) is left alone: the diff shows only real changes.
  const set = (id: string, params: Record<string, unknown>) => {
    const node = graph.nodes[id];
    const defaults = (node && findNodeType(catalog, node.type)?.params.properties) as
      | Record<string, { default?: unknown }>
      | undefined;
    const changed = Object.entries(params).filter(([name, value]) => {
      const current = node?.params?.[name] ?? defaults?.[name]?.default;
      return JSON.stringify(current) !== JSON.stringify(value);
    });
    if (changed.length) ops.push({ op: 'setParams', id, params: Object.fromEntries(changed) });
  };
  let firstOverlay: string | undefined;
  const copies = idsOfType(graph, 'llm.adCopy');
  const imageGens = idsOfType(graph, 'image.generate');
  const splits = idsOfType(graph, 'variants.split');
  const videos = idsOfType(graph, 'video.assemble');
  const pages = idsOfType(graph, 'page.landing');
  const exports = idsOfType(graph, 'variants.export');

  if (slots.count !== undefined) {
    const split = splits[0];
    const copy = copies[0];
    const image = imageGens.find((id) => split && feeds(graph, id, split));
    if (split && copy && image && feeds(graph, copy, split)) {
      const { copies: c, images: i } = splitCount(slots.count);
      set(copy, { count: c });
      set(image, { count: i });
      if (graph.nodes[split]?.params?.maxVariants !== undefined || c * i !== slots.count)
        set(split, { maxVariants: slots.count });
      done.push(`${slots.count} variants (${c} copies × ${i} images)`);
    } else if (copy) {
      set(copy, { count: Math.min(slots.count, 10) });
      done.push(`${Math.min(slots.count, 10)} copies`);
    } else skipped.push(`the count ${slots.count}: the graph writes no copy`);
  }
  if (slots.durationSec !== undefined) {
    if (videos.length) {
      for (const id of videos) set(id, { duration: slots.durationSec });
      done.push(`videos of ${slots.durationSec} s`);
    } else if (slots.video !== true) skipped.push(`the length ${slots.durationSec} s: the graph makes no video`);
  }
  if (slots.tone) {
    if (copies.length) {
      for (const id of copies) set(id, { tone: slots.tone });
      done.push(`tone "${slots.tone}"`);
    } else skipped.push('the tone: the graph writes no copy');
  }
  if (slots.audience) {
    // The audience lives on the copy nodes, or in an input of that name that a template reads.
    const inputs = Object.entries(graph.nodes).filter(
      ([, node]) => node.type === 'input.text' && node.params?.name === 'audience',
    );
    for (const id of copies) set(id, { audience: slots.audience });
    for (const [id] of inputs) set(id, { default: slots.audience });
    if (copies.length || inputs.length) done.push(`audience "${slots.audience}"`);
    else skipped.push('the audience: the graph has no copy node and no audience input');
  }
  if (slots.product) {
    const inputs = Object.entries(graph.nodes).filter(
      ([, node]) => node.type === 'input.text' && ['brief', 'product'].includes(String(node.params?.name)),
    );
    for (const [id, node] of inputs) set(id, { default: node.params?.name === 'product' ? slots.product : briefText(slots) });
    if (inputs.length) done.push(`the product "${slots.product}"`);
    else skipped.push('the product: the graph has no brief or product input');
  }
  const briefInputs = Object.entries(graph.nodes).filter(
    ([, node]) => node.type === 'input.text' && node.params?.name === 'brief',
  );
  if (slots.brief) {
    for (const [id] of briefInputs) set(id, { default: slots.brief });
    if (briefInputs.length) done.push('the brief');
    else skipped.push('the brief: the graph has no input named "brief"');
  } else if (slots.facts && !slots.product) {
    for (const [id, node] of briefInputs)
      set(id, { default: `${String(node.params?.default ?? '').replace(/[.\s]*$/, '')}. ${slots.facts}.` });
    if (briefInputs.length) done.push(`the product facts "${slots.facts}"`);
    else skipped.push('the product facts: the graph has no input named "brief"');
  }
  if (slots.utmCampaign) {
    for (const id of [...pages, ...exports]) set(id, { utmCampaign: slots.utmCampaign });
    if (pages.length || exports.length) done.push(`the UTM campaign ${slots.utmCampaign}`);
    else skipped.push('the UTM campaign: the graph has no landing page or export');
  }
  if (slots.url) {
    for (const id of pages) set(id, { ctaUrl: slots.url });
    for (const id of exports) set(id, { finalUrl: slots.url });
    if (pages.length || exports.length) done.push(`the link ${slots.url}`);
  }
  if (slots.provider) {
    const users = Object.keys(graph.nodes).filter((id) => /^(?:llm\.|image\.generate$)/.test(graph.nodes[id]?.type ?? ''));
    const named = slots.providerFor === undefined ? users : providerUsersNamed(graph, catalog, users, slots.providerFor);
    for (const id of named) set(id, { provider: slots.provider });
    if (named.length) done.push(`provider ${slots.provider} on ${named.join(', ')}`);
    else if (slots.providerFor !== undefined)
      skipped.push(
        `provider ${slots.provider} for "${slots.providerFor}": no node of that name calls a provider${users.length ? ` (${users.join(', ')} do)` : ''}`,
      );
  }
  if (slots.model) {
    const isImageModel = /^(?:gpt-image|dall-e)/i.test(slots.model);
    const users = Object.entries(graph.nodes).filter(([, node]) =>
      isImageModel ? node.type === 'image.generate' : node.type.startsWith('llm.'),
    );
    for (const [id] of users) set(id, { model: slots.model });
    if (users.length) done.push(`model ${slots.model} on ${users.map(([id]) => id).join(', ')}`);
    else skipped.push(`the model ${slots.model}: the graph has no ${isImageModel ? 'image' : 'language model'} node`);
    const offline = users.filter(([id]) => (graph.nodes[id]?.params?.provider ?? 'offline') === 'offline' && !slots.provider);
    if (offline.length)
      skipped.push(
        `${offline.map(([id]) => id).join(', ')} still use the offline provider, which ignores the model; say "switch to openai" to use it`,
      );
  }
  if (slots.platforms.length) {
    const formats = slots.platforms.map((p) => FORMATS[p]);
    // Added formats keep the copy written for the formats already there.
    if (!slots.addsPlatforms) for (const id of copies) set(id, { platform: formats[0]?.copy });
    const asked = [...new Set(formats.flatMap((f) => f.presets))];
    // A graph that fits no image yet (pages only) gets a chain per format from its variants.
    if (!idsOfType(graph, 'image.fit').length) firstOverlay = formatChains(graph, splits[0], asked, exports[0], ops);
    for (const fit of idsOfType(graph, 'image.fit')) {
      const current = (graph.nodes[fit]?.params?.presets as string[] | undefined) ?? [];
      const wanted = slots.addsPlatforms ? [...new Set([...current, ...asked])] : asked;
      const perVariant = graph.edges.some(
        (e) => e.to === `${fit}.image` && graph.nodes[parseEndpoint(e.from)?.nodeId ?? '']?.type === 'variants.unpack',
      );
      if (!perVariant) {
        set(fit, { presets: wanted });
        continue;
      }
      // A fit fed one variant at a time keeps one preset: its overlay zips one image with the
      // variant's copy. Each other preset gets its own fit and overlay beside it.
      set(fit, { presets: wanted.slice(0, 1) });
      for (const preset of wanted.slice(1)) ops.push(...chainFor(graph, fit, preset, ops));
    }
    const copyPlatforms = [...new Set(formats.map((f) => f.copy))];
    for (const id of exports) {
      const was = graph.nodes[id]?.params?.platform;
      const mixed = copyPlatforms.length > 1 || (slots.addsPlatforms && was !== undefined && was !== copyPlatforms[0]);
      set(id, { platform: mixed ? 'auto' : copyPlatforms[0] });
    }
    done.push(`${slots.addsPlatforms ? 'added' : 'platform'} ${slots.platforms.map((p) => PLATFORM_LABELS[p]).join(' + ')}`);
  }
  if (slots.landingPages === false && pages.length) {
    for (const id of pages) ops.push({ op: 'removeNode', id });
    done.push(`removed the landing page node${pages.length > 1 ? 's' : ''} ${pages.join(', ')}`);
  }
  if (slots.landingPages === true && !pages.length) {
    const split = splits[0];
    if (split) {
      const id = freeId(graph, 'page');
      // A page needs a link: the one asked for, else the one the export already sends people to.
      const exportUrl = exports.map((e) => graph.nodes[e]?.params?.finalUrl).find((u) => typeof u === 'string');
      const ctaUrl = slots.url ?? (exportUrl as string | undefined) ?? 'https://example.com/';
      if (!slots.url && !exportUrl) skipped.push(`a link for the pages: they point at ${ctaUrl} until one is given`);
      ops.push({ op: 'addNode', id, type: 'page.landing', params: { template: 'hero-top', ctaUrl }, near: split });
      ops.push({ op: 'connect', from: `${split}.variants`, to: `${id}.variant` });
      if (exports[0]) ops.push({ op: 'connect', from: `${id}.page`, to: `${exports[0]}.pages` });
      done.push('a landing page per variant');
    } else skipped.push('landing pages: the graph has no variants to make pages from');
  }
  if (slots.video === false && videos.length) {
    for (const id of videos) ops.push({ op: 'removeNode', id });
    done.push(`removed the video node${videos.length > 1 ? 's' : ''} ${videos.join(', ')}`);
  }
  if (slots.video === true && !videos.length) {
    const split = splits[0];
    const images = idsOfType(graph, 'image.overlay')[0] ?? firstOverlay ?? idsOfType(graph, 'variants.unpack')[0];
    if (split && images) {
      const id = freeId(graph, 'video');
      ops.push({
        op: 'addNode',
        id,
        type: 'video.assemble',
        params: { duration: slots.durationSec ?? 15, transition: 'fade', variantCaption: false },
        near: images,
      });
      ops.push({ op: 'connect', from: `${split}.variants`, to: `${id}.variant` });
      ops.push({ op: 'connect', from: `${images}.image`, to: `${id}.images` });
      if (exports[0]) ops.push({ op: 'connect', from: `${id}.video`, to: `${exports[0]}.videos` });
      done.push(`a ${slots.durationSec ?? 15} s video per variant`);
    } else skipped.push('video: the graph has no variants and images to make videos from');
  }
  if (slots.aspect && !slots.platforms.length)
    skipped.push(`the shape ${slots.aspect}: name the platform it is for ("Meta feed" has 1:1 and 4:5, TikTok 9:16)`);
  if (slots.headlineAndButton && !idsOfType(graph, 'image.overlay').length && !firstOverlay)
    skipped.push('a headline and a button: the graph puts no text on its images (it has no image.overlay node)');
  const checks = idsOfType(graph, 'ad.preflight');
  if (slots.preflight === false && checks.length) {
    for (const id of checks) ops.push({ op: 'removeNode', id });
    done.push(`removed the preflight node${checks.length > 1 ? 's' : ''} ${checks.join(', ')}`);
  }
  if (slots.preflight === true && !checks.length) {
    const removed = new Set(ops.flatMap((op) => (op.op === 'removeNode' ? [op.id] : [])));
    ops.push(...preflightOps(graph, removed, done, skipped));
  }
  return { ops, done, skipped };
}

/**
 * One unpack of the variants, then a fit and an overlay per preset (an overlay zips one image with
 * the variant's copy): the first finished image goes to the export. Answers the first overlay.
 */
function formatChains(
  graph: GraphFile,
  split: string | undefined,
  presets: readonly string[],
  exportId: string | undefined,
  ops: GraphOp[],
): string | undefined {
  if (!split || !presets.length) return undefined;
  const unpack = idsOfType(graph, 'variants.unpack')[0] ?? freeId(graph, 'unpack');
  if (!Object.hasOwn(graph.nodes, unpack)) {
    ops.push({ op: 'addNode', id: unpack, type: 'variants.unpack', params: {}, near: split });
    ops.push({ op: 'connect', from: `${split}.variants`, to: `${unpack}.variant` });
  }
  let first: string | undefined;
  for (const preset of presets) {
    const suffix = presets.length === 1 ? '' : `-${preset}`;
    const fit = freeId(graph, `fit${suffix}`);
    const overlay = freeId(graph, `overlay${suffix}`);
    const pad = preset.startsWith('google-') ? { mode: 'pad' } : {};
    const params = { presets: [preset], ...pad };
    ops.push({ op: 'addNode', id: fit, type: 'image.fit', params, near: unpack });
    ops.push({ op: 'addNode', id: overlay, type: 'image.overlay', params: { preset: 'auto' }, near: fit });
    ops.push({ op: 'connect', from: `${unpack}.image`, to: `${fit}.image` });
    ops.push({ op: 'connect', from: `${fit}.images`, to: `${overlay}.image` });
    ops.push({ op: 'connect', from: `${unpack}.copy`, to: `${overlay}.copy` });
    first ??= overlay;
  }
  const exportTaken = exportId && graph.edges.some((e) => e.to === `${exportId}.images`);
  if (exportId && first && !exportTaken) ops.push({ op: 'connect', from: `${first}.image`, to: `${exportId}.images` });
  return first;
}

/** A preflight node judging what the graph delivers: its variants, the images and videos it exports. */
function preflightOps(graph: GraphFile, removed: ReadonlySet<string>, done: string[], skipped: string[]): GraphOp[] {
  // What the same edit removes ("no video and a preflight check") is not there to check.
  const into = (port: string) =>
    graph.edges.filter(
      (e) =>
        graph.nodes[parseEndpoint(e.to)?.nodeId ?? '']?.type === 'variants.export' &&
        parseEndpoint(e.to)?.port === port &&
        !removed.has(parseEndpoint(e.from)?.nodeId ?? ''),
    );
  const sources = {
    variants: into('variants').map((e) => e.from),
    images: into('images').map((e) => e.from),
    videos: into('videos').map((e) => e.from),
  };
  // A graph with no variants export: its finished images are those of its image.export nodes.
  if (!sources.images.length) sources.images = idsOfType(graph, 'image.export').map((id) => `${id}.image`);
  if (!sources.variants.length && !sources.images.length) {
    skipped.push('a preflight check: the graph makes no variants or finished images to check');
    return [];
  }
  const id = freeId(graph, 'preflight');
  const near = parseEndpoint(sources.images[0] ?? sources.variants[0] ?? '')?.nodeId;
  const ops: GraphOp[] = [
    { op: 'addNode', id, type: 'ad.preflight', params: { platform: 'auto', onFail: 'report' }, ...(near ? { near } : {}) },
  ];
  for (const [port, froms] of Object.entries(sources))
    for (const from of new Set(froms)) ops.push({ op: 'connect', from, to: `${id}.${port}` });
  done.push("a preflight check of what the graph delivers against the platforms' specs");
  return ops;
}
