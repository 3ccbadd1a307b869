/** The ad formats the offline assistant knows, each a family of presets. */
export const PLATFORMS = ['tiktok', 'reels', 'stories', 'shorts', 'meta-feed', 'google-display'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_LABELS: Record<Platform, string> = {
  tiktok: 'TikTok',
  reels: 'Instagram Reels',
  stories: 'Stories',
  shorts: 'YouTube Shorts',
  'meta-feed': 'Meta feed',
  'google-display': 'Google display',
};

/** The image shapes a request may name. */
export type Aspect = '9:16' | '1:1' | '4:5' | '16:9';

/** What a request says, slot by slot; absent slots were not stated. */
export interface BriefSlots {
  product?: string;
  /** The product was read from a bare "for X", a guess an edit does not act on ("for the copy", "for next Monday"). */
  productGuessed?: boolean;
  audience?: string;
  platforms: Platform[];
  /** How many variants (or copies, when no images are involved). */
  count?: number;
  durationSec?: number;
  tone?: string;
  url?: string;
  /** true: asked for landing pages; false: asked to drop them. */
  landingPages?: boolean;
  /** true: asked for video; false: asked for none. */
  video?: boolean;
  provider?: 'offline' | 'openai';
  /** The node or role the provider is asked for ("copy", "Ad copy", "images"); absent: every node that calls one. */
  providerFor?: string;
  /** A model name: `gpt-4.1-mini` for text, `gpt-image-1` for images. */
  model?: string;
  /** The whole brief, as given after "set the brief to". */
  brief?: string;
  /** What the product does or has ("product facts: folds flat"), for the brief. */
  facts?: string;
  /** true: asked for a preflight check against the platforms' specs; false: asked to drop it. */
  preflight?: boolean;
  /** An image shape asked for ("9:16"), to pick or check the formats by. */
  aspect?: Aspect;
  /** Asked for a headline and a button on the images, as every ad image the recipes make has. */
  headlineAndButton?: boolean;
  /** The utm_campaign of the links. */
  utmCampaign?: string;
  run: boolean;
  /** The request adds formats ("also Reels") rather than replacing them. */
  addsPlatforms: boolean;
  /** A question rather than a change: the node or type it is about, or `lastRun`. */
  question?: { about: 'node'; name: string } | { about: 'lastRun' };
  /** Parts of the request that no slot took, as written. */
  notUnderstood: string[];
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  'a dozen': 12,
  dozen: 12,
  a: 1,
  an: 1,
};

const TONES = [
  'energetic',
  'playful',
  'calm',
  'premium',
  'luxurious',
  'friendly',
  'bold',
  'professional',
  'witty',
  'serious',
  'warm',
  'urgent',
  'fun',
  'minimal',
  'upbeat',
  'casual',
  'confident',
  'inspiring',
  'humorous',
  'elegant',
  'edgy',
];

const COUNTED =
  '(?:variants?|versions?|ads?|creatives?|headlines?|copies|options|takes|videos?|images?|banners?|posts?|spots?|clips?)';
// A number of things, but not a length: `15 s videos` is a duration.
const NUMBER = String.raw`(\d+|a dozen|${Object.keys(NUMBER_WORDS)
  .filter((w) => w.length > 2)
  .join('|')})(?!\s*-?\s*(?:s|secs?|seconds?)\b)`;

const MAX_REQUEST = 4000;

/** What a rule's taker returns when this match is not for it, so the next match is tried. */
const SKIP = Symbol('skip');

/** A rule: a pattern, and what it takes into the slots; the words it matched count as understood. */
type Rule = [RegExp, (match: RegExpMatchArray, slots: BriefSlots) => unknown];

const PLATFORM_WORD = /^(?:tik ?toks?|reels?|stor(?:y|ies)|shorts|youtube|meta|facebook|instagram|google|display)\b/i;
const COMPARATIVES: Record<string, string> = {
  friendlier: 'friendly',
  bolder: 'bold',
  calmer: 'calm',
  warmer: 'warm',
  edgier: 'edgy',
};

const cleanProduct = (text: string) =>
  text
    .replace(/\b(?:ads?|videos?|campaign|creatives?)$/i, '')
    .replace(/^(?:the|our|my|a|an|new)\s+/i, '')
    .trim();

// "everything" | a role ("copy", "images") | "the X node" | a quoted name.
const PROVIDER_TARGET = String.raw`(?:the\s+)?(?:(everything|all(?:\s+the)?(?:\s+nodes)?|every\s+node)|((?:ad\s+)?cop(?:y|ies)|text|headlines?|images?|pictures?|photos?)(?:\s+nodes?)?|([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)\s+nodes?|["'“‘]([^"'”’\n]{1,40})["'”’])`;

/** Takes a provider and the node it is for from a match whose groups 1-4 are PROVIDER_TARGET's. */
function takeProviderFor(groups: readonly (string | undefined)[], s: BriefSlots, provider: string) {
  s.provider = provider.toLowerCase() as 'offline' | 'openai';
  const named = groups[2] ?? groups[3] ?? groups[4];
  if (named) s.providerFor = named.trim();
}

/** The kind of node a name means by its role: "copy" and "the Ad copy node" write copy, "images" makes them. */
export function roleOf(name: string): 'copy' | 'images' | undefined {
  if (/^(?:(?:ad\s+)?cop(?:y|ies)|text|headlines?)$/i.test(name)) return 'copy';
  if (/^(?:(?:generate\s+)?images?|pictures?|photos?)$/i.test(name)) return 'images';
  return undefined;
}

const RULES: Rule[] = [
  [
    /\b(?:product )?(?:facts|benefits|features)\s*:\s*([^\n]+?)\s*$/i,
    (m, s) => (s.facts = (m[1] as string).replace(/[.;]+$/, '').trim()),
  ],
  [/\butm(?:[ _]campaign)?(?:\s+to|\s+is|\s*:|\s*=)?\s+([\w.-]*\w)/i, (m, s) => (s.utmCampaign = m[1])],
  [
    /\b(?:no|without|remove|drop|delete)(?: the| any)? (?:preflight|spec check)(?:s| checks?)?\b/i,
    (_, s) => (s.preflight = false),
  ],
  [
    /\bpre-?flight(?: checks?)?\b|\bcheck (?:it |them |the ads )?against (?:the )?(?:platforms?'? )?specs\b/i,
    (_, s) => (s.preflight ??= true),
  ],
  [/\bhttps?:\/\/[^\s,;]+[^\s,;.)]/i, (m, s) => (s.url = m[0])],
  [/\bproduct(?:\s+is|\s+to|\s*:)\s*([^,;\n]+?)(?=[,;\n]|\.(?:\s|$)|$)/i, (m, s) => (s.product = cleanProduct(m[1] as string))],
  [
    /\b(?:launch|campaign|release|drop|sale|promo(?:tion)?) of (?:the |our |my )?([A-Za-z0-9][\w' -]*?)(?=\s+(?:on|for|to|with|in|at|aimed|targeting)\b|[,;.!?]|$)/i,
    (m, s) => (s.product ??= cleanProduct(m[1] as string)),
  ],
  [
    /\bfor (?:the |our |my |a |an )?(?:new )?([A-Za-z0-9][\w' -]*?)\s+(?:launch|campaign|release|drop|sale|promo(?:tion)?)\b/i,
    (m, s) => (s.product ??= cleanProduct(m[1] as string)),
  ],
  [
    /\b(?:promote|promoting|advertise|advertising|selling|sell|launching)\s+(?:the |our |my |a |an )?([A-Za-z0-9][\w' -]*?)(?=\s+(?:to|for|on|with|in|at)\b|[,;.]|$)/i,
    (m, s) => (s.product ??= cleanProduct(m[1] as string)),
  ],
  [/\b(?:aimed at|targeting|audience(?:\s+is|\s+to|\s*:)?)\s+([^,;.\n]+)/i, (m, s) => (s.audience = (m[1] as string).trim())],
  [
    /\b(?:promote|promoting|sell|selling|advertise|advertising|market|marketing)\b[^,;.]*?\bto ((?:[a-z-]+ ){0,3}[a-z-]+s)\b/i,
    (m, s) => (s.audience ??= (m[1] as string).trim()),
  ],
  [
    /\b(?:for|to) ((?:[a-z-]+ ){0,3}(?:[a-z-]+(?:ers|ists|ents|ies|ens|ids|oms|ads|ults|ees|ians)|families|people[^,;.]*|women|men|kids))\b/i,
    (m, s) => (s.audience ??= (m[1] as string).trim()),
  ],
  // Any other "for X" names the product, once the audience and the product's launch are read.
  [
    /\bfor (?:the |our |my |a |an )?(?:new )?([A-Za-z0-9][\w' -]*?)(?=\s+(?:aimed|targeting|to|with|on|in|at|and|for|that|who)\b|[,;.!?]|$)/i,
    (m, s) => {
      const product = cleanProduct(m[1] as string);
      if (s.product || /^(?:each|every|all|both|it|them|one|people)\b/i.test(product) || PLATFORM_WORD.test(product)) return SKIP;
      if (product === s.audience || !product) return SKIP;
      s.product = product;
      s.productGuessed = true;
    },
  ],
  [/\btik ?toks?\b/i, (_, s) => s.platforms.push('tiktok')],
  [/\b(?:instagram |ig |meta )?reels?\b/i, (_, s) => s.platforms.push('reels')],
  [/\b(?:instagram |ig |meta |facebook )?stor(?:y|ies)\b/i, (_, s) => s.platforms.push('stories')],
  [/\b(?:youtube )?shorts\b|\byoutube\b/i, (_, s) => s.platforms.push('shorts')],
  [
    /\b(?:meta|facebook|instagram|fb)(?: (?:and \w+ )?feeds?)?\b(?! (?:reels?|stor))|\bfeed\b/i,
    (_, s) => s.platforms.push('meta-feed'),
  ],
  [/\bgoogle(?: display)?\b|\bdisplay(?: ads| banners)?\b|\bbanners?\b/i, (_, s) => s.platforms.push('google-display')],
  [
    /(?<![\d.:])(9\s*[:x]\s*16|1\s*[:x]\s*1|4\s*[:x]\s*5|16\s*[:x]\s*9)(?![\d.:])/i,
    (m, s) => (s.aspect = (m[1] as string).replace(/\s*[:x]\s*/i, ':') as Aspect),
  ],
  [
    /\b(?:(?:a |the )?(?:headlines?|titles?)(?:\s*(?:and|\+|&|,)\s*(?:a |the )?(?:buttons?|cta|call to action))?|(?:a |the )?(?:buttons?|cta|call to action))(?: on (?:it|them|each|every|the images?)(?: image)?)?\b/i,
    (_, s) => (s.headlineAndButton = true),
  ],
  [/\b(?:no|without|remove|drop|delete)(?: the| any)? landing[- ]?pages?\b/i, (_, s) => (s.landingPages = false)],
  [/\blanding[- ]?pages?\b/i, (_, s) => (s.landingPages ??= true)],
  [
    /\b(?:no|without|remove|drop|delete)(?: the| any)? videos?\b|\b(?:images?|stills?) only\b|\bstatic\b/i,
    (_, s) => (s.video = false),
  ],
  [
    new RegExp(String.raw`\b${NUMBER}\s+(?:[\w-]+\s+){0,3}?${COUNTED}\b`, 'i'),
    (m, s) => (s.count = NUMBER_WORDS[(m[1] as string).toLowerCase()] ?? Number(m[1])),
  ],
  [
    /\b(\d+(?:\.\d+)?)\s*-?\s*(?:s|secs?|seconds?)\b(?:\s+(?:long|videos?|clips?|spots?))?/i,
    (m, s) => (s.durationSec = Number(m[1])),
  ],
  [/\bvideos?\b|\bclips?\b|\bmotion\b/i, (_, s) => (s.video ??= true)],
  [/\btone(?:\s+is|\s*:)?\s+([a-z-]+)|\b([a-z-]+) tone\b/i, (m, s) => (s.tone = (m[1] ?? m[2]) as string)],
  [
    /\b(friendlier|bolder|calmer|warmer|edgier)\b|\bmore (\w+)\b/i,
    (m, s) => {
      const tone = m[1] ? COMPARATIVES[(m[1] as string).toLowerCase()] : (m[2] as string).toLowerCase();
      if (!tone || !TONES.includes(tone)) return SKIP;
      s.tone ??= tone;
    },
  ],
  [new RegExp(String.raw`\b(${TONES.join('|')})\b`, 'i'), (m, s) => (s.tone ??= (m[1] as string).toLowerCase())],
  // The node or role a provider is for: "copy by openai", "switch the images to openai", "use
  // openai for the Ad copy node"; "everything" or "all nodes" is every node, as is none named.
  [
    new RegExp(
      String.raw`(?<![\w-])${PROVIDER_TARGET}\s+(?:back\s+)?(?:by|with|on|using|via|through|to)\s+(openai|offline)\b`,
      'i',
    ),
    (m, s) => takeProviderFor(m, s, m[5] as string),
  ],
  [
    new RegExp(String.raw`\b(?:use|using|switch to)\s+(openai|offline)\s+(?:for|on)\s+${PROVIDER_TARGET}(?![\w-])`, 'i'),
    (m, s) => takeProviderFor(m.slice(1), s, m[1] as string),
  ],
  [/\b(?:use|using|switch(?: \w+)? to|with) openai\b|\bopenai\b/i, (_, s) => (s.provider = 'openai')],
  [
    /\b(gpt-[a-z0-9][\w.-]*[a-z0-9]|dall-e-\d|o[134](?:-mini)?|llama[\w.:-]*\w|qwen[\w.:-]*\w|mistral[\w.:-]*\w)\b/i,
    (m, s) => (s.model = m[1]),
  ],
  [/\b(?:use|using|switch(?: \w+)? to|back to) offline\b|\boffline\b/i, (_, s) => (s.provider ??= 'offline')],
  [
    /\bwhy did (?:the |my )?(?:last )?run fail\b|\bwhy (?:did )?(?:it|the run) fail(?:ed)?\b|\bwhat went wrong\b/i,
    (_, s) => (s.question = { about: 'lastRun' }),
  ],
  // A node by its id, its type or its title, bare or quoted: "what does the node copy do",
  // "explain 'fit'", "what is the Ad copy node".
  [
    /\b(?:what does|what do|what is|what's|whats|explain|tell me about)\s+(?:the\s+)?(?:node\s+)?(?:["'`“‘]([^"'`”’\n]{1,60})["'`”’]|([A-Za-z][\w.-]*(?:\s+[A-Za-z][\w.-]*){0,3}?))(?:\s+node)?(?:\s+do(?:es)?)?(?=\s*(?:[?.!,;]|$)|\s+(?:and|for|in|on)\b)/i,
    (m, s) => (s.question ??= { about: 'node', name: ((m[1] ?? m[2]) as string).trim() }),
  ],
  [/\b(?:and )?run(?: it| the graph| them)?\b/i, (_, s) => (s.run = true)],
];

// Words that carry no request of their own: a clause made only of them is not "not understood".
const FILLER =
  /\ba\/b\b|\b(?:test|tests|testing|use|using|switch|also|more|too|well|and|a|an|the|for|each|every|one|per|with|of|to|make|build|create|give|me|us|i|want|need|please|set|change|new|pipeline|graph|some|in|it|them|all|ad|ads|add|also|plus|on|at|as|is|be|each|images?|photos?|pictures?|creatives?|formats?|versions?|variants?)\b/gi;

/**
 * Reads a request into slots by patterns, as the offline assistant understands it, and keeps
 * the clauses no pattern touched, so it can say what it did not understand.
 */
export function readBriefSlots(text: string): BriefSlots {
  const slots: BriefSlots = { platforms: [], run: false, addsPlatforms: false, notUnderstood: [] };
  // Some patterns backtrack in proportion to the square of the text: a brief is short, a paste may not be.
  const whole = text.slice(0, MAX_REQUEST);
  if (text.length > MAX_REQUEST) slots.notUnderstood.push(`everything after the first ${MAX_REQUEST} characters`);
  const used: [number, number][] = [];
  // "Set the brief to: …" gives the brief whole: what follows is the brief's, not more requests.
  const briefAt = /\b(?:set|change|replace|make)? ?the brief(?: text)?(?: to| is|\s*:)\s*:?\s*(\S[\s\S]*)$/i.exec(whole);
  let request = whole;
  if (briefAt) {
    slots.brief = (briefAt[1] as string).trim();
    request = request.slice(0, briefAt.index);
  }
  const platformAt = new Map<Platform, number>();
  for (const [pattern, take] of RULES) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const match of request.matchAll(global)) {
      const platforms = slots.platforms.length;
      if (take(match, slots) === SKIP) continue;
      if (slots.platforms.length > platforms) platformAt.set(slots.platforms.at(-1) as Platform, match.index ?? 0);
      used.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
      break;
    }
  }
  // The platform named first leads: its copy limits and image shape come first.
  slots.platforms = [...new Set(slots.platforms)].sort((a, b) => (platformAt.get(a) ?? 0) - (platformAt.get(b) ?? 0));
  slots.addsPlatforms = /\b(?:also|add|plus|as well|too|another)\b/i.test(request);
  // "Why did the last run fail" asks about a run; it does not ask for one.
  if (slots.question) slots.run = false;
  let rest = '';
  for (let i = 0; i < request.length; i++) rest += used.some(([a, b]) => i >= a && i < b) ? ' ' : request[i];
  for (const clause of rest.split(/[,;.!?\n]|\band\b/)) {
    const words = clause
      .replace(FILLER, ' ')
      .replace(/[^\w$%€£-]+/g, ' ')
      .trim();
    if (words.length > 2) slots.notUnderstood.push(clause.trim());
  }
  return slots;
}

/** The slots as a person reads them: `product "kayak", 6 variants, TikTok, 15 s videos, tone energetic`. */
export function describeSlots(slots: BriefSlots): string[] {
  const parts: string[] = [];
  if (slots.product) parts.push(`product "${slots.product}"`);
  if (slots.audience) parts.push(`audience "${slots.audience}"`);
  if (slots.count !== undefined) parts.push(`${slots.count} variants`);
  if (slots.platforms.length) parts.push(slots.platforms.map((p) => PLATFORM_LABELS[p]).join(' + '));
  if (slots.durationSec !== undefined) parts.push(`${slots.durationSec} s videos`);
  else if (slots.video === true) parts.push('video');
  if (slots.video === false) parts.push('no video');
  if (slots.tone) parts.push(`tone ${slots.tone}`);
  if (slots.aspect) parts.push(slots.aspect);
  if (slots.headlineAndButton) parts.push('a headline and a button on each image');
  if (slots.landingPages === true) parts.push('a landing page per variant');
  if (slots.landingPages === false) parts.push('no landing pages');
  if (slots.url) parts.push(`link ${slots.url}`);
  if (slots.brief) parts.push(`the brief "${slots.brief}"`);
  if (slots.facts) parts.push(`product facts "${slots.facts}"`);
  if (slots.utmCampaign) parts.push(`UTM campaign ${slots.utmCampaign}`);
  if (slots.preflight === true) parts.push('a preflight check');
  if (slots.preflight === false) parts.push('no preflight check');
  if (slots.provider) parts.push(`provider ${slots.provider}${slots.providerFor ? ` for "${slots.providerFor}"` : ''}`);
  if (slots.model) parts.push(`model ${slots.model}`);
  if (slots.run) parts.push('run it');
  return parts;
}
