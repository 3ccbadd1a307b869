/** The words of a brief that offline copy is built from, in the brief's own wording. */
export interface BriefPhrases {
  /** What is advertised, e.g. "trail running shoes". */
  product: string;
  /** What it does for people: "grippy soles for wet rock", "waterproof". */
  benefits: string[];
  /** Who it is for, when the brief says: "weekend hikers". */
  audience?: string;
}

const MAX_PRODUCT_WORDS = 5;
const MAX_BENEFIT_WORDS = 8;

// Openers that carry no product meaning: "Introducing our new ...", "Brief: ...".
const LEAD_FILLER =
  /^(?:(?:introducing|announcing|presenting|meet|launching|launch|new|brand[- ]new|all[- ]new|our|the|a|an|this|these|its|it's|it is|they're|they are|we're|we are|we|now|also|plus|and|with|featuring|product|brief|offer|benefits?|features?)(?:\b|(?<=:))[\s:]*)+/i;
// "Write ads for ...", "Ad copy for ...": the brief talking about the job, not the product.
const TASK_OPENER =
  /^(?:please\s+)?(?:(?:write|create|make|draft|generate|give me|come up with)\s+)?(?:(?:an?|some|\d+|three|five)\s+)?(?:(?:short|catchy|punchy)\s+)*(?:ads?|ad copy|copy|campaign|headlines?|taglines?)\s+(?:for|about)\s+/i;
const LABEL = /^(product|audience|for|target|benefits?|features?|offer)\s*:\s*/i;
// Where a product's name ends and what it does begins.
const CONNECTOR = /\s+(?:with|for|that|which|who|made|built|designed|featuring|to|so|in|on)\s+/i;
const PEOPLE =
  /(?:ers|ors|ists|ians|people|folks|families|parents|kids|children|teens|students|women|men|moms|dads|mums|teams|owners|fans|lovers|beginners|pros|athletes|everyone|anyone|buyers|shoppers)$/i;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function clean(phrase: string): string {
  return phrase
    .replace(/^[\s"'“”‘’()[\]*#>-]+|[\s"'“”‘’()[\]*#,:-]+$/g, '')
    .replace(LEAD_FILLER, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function looksLikeAudience(phrase: string): boolean {
  const last = words(phrase).at(-1) ?? '';
  return PEOPLE.test(last.replace(/[^\p{L}]/gu, ''));
}

/**
 * Whether a capitalised first word is a name rather than a sentence's capital: followed by a model
 * number or another capitalised word ("Trailblazer 2", "Nimbus Pro"), written with inner capitals
 * or digits ("iPhone", "AirPods", "B2B"), in capitals ("ACME"), or capitalised again mid-sentence
 * elsewhere in the brief.
 */
function looksLikeName(first: string, rest: string[], brief: string): boolean {
  const next = rest[0] ?? '';
  if (/^\p{N}/u.test(next) || /^\p{Lu}/u.test(next)) return true;
  if (/\p{N}/u.test(first) || /^\p{L}\p{Ll}*\p{Lu}/u.test(first) || /^\p{Lu}{2,}$/u.test(first)) return true;
  const word = first.replace(/[^\p{L}\p{N}]/gu, '');
  if (!word) return false;
  return new RegExp(`[\\p{L}\\p{N},;:] +${word}(?![\\p{L}\\p{N}])`, 'u').test(brief);
}

/**
 * Lowers "Lightweight" to "lightweight" when its capital only marked the start of a sentence;
 * a capital inside a sentence ("our new Nimbus shoes") or on a brand ("Trailblazer 2") stays.
 */
function asMidSentence(phrase: string, sentence: string, brief = sentence): string {
  const [first, ...rest] = words(phrase);
  if (!first || !sentence.startsWith(first)) return phrase;
  const isCapitalisedWord = /^\p{Lu}\p{Ll}+$/u.test(first);
  const restIsLower = rest.every((w) => w === w.toLowerCase());
  if (!isCapitalisedWord || !restIsLower || looksLikeName(first, rest, brief)) return phrase;
  return phrase.charAt(0).toLowerCase() + phrase.slice(1);
}

/** Keeps the end of a long noun phrase, where English puts the head noun: "... trail running shoes". */
function shortenProduct(phrase: string, most = MAX_PRODUCT_WORDS): string {
  const all = words(phrase);
  return all.length > most ? all.slice(-most).join(' ') : phrase;
}

/** Picks the product, its benefits and its audience out of a free-text brief. */
export function readBrief(brief: string): BriefPhrases {
  const sentences = brief
    .replace(/\r/g, '')
    .split(/[\n.!?;•·|]+(?:\s|$)|\n|[。！？]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  let product = '';
  let audience: string | undefined;
  const benefits: string[] = [];
  let sentence = '';
  const addBenefit = (raw: string) => {
    const phrase = clean(raw);
    if (!phrase) return;
    if (/^for\s/i.test(phrase) && looksLikeAudience(phrase)) {
      audience ??= asMidSentence(clean(phrase.replace(/^for\s+/i, '')), sentence);
      return;
    }
    const count = words(phrase).length;
    if (count > MAX_BENEFIT_WORDS) {
      // A long clause reads better as its first part than cut mid-phrase.
      const parts = phrase.split(CONNECTOR).filter((p) => words(p).length <= MAX_BENEFIT_WORDS);
      if (parts[0]) addBenefit(parts[0]);
      return;
    }
    benefits.push(asMidSentence(phrase, sentence));
  };

  for (const line of sentences) {
    const label = LABEL.exec(line)?.[1]?.toLowerCase();
    const body = line.replace(LABEL, '');
    sentence = body;
    if (label === 'audience' || label === 'for' || label === 'target') {
      audience ??= asMidSentence(clean(body.replace(/^for\s+/i, '')), sentence);
      continue;
    }
    const clauses = body
      .split(/,|:|\s[-–—]\s|[、，：]/)
      .map((c) => c.trim())
      .filter(Boolean);
    for (const clause of clauses) {
      if (!product && label !== 'benefit' && label !== 'benefits' && label !== 'features' && label !== 'feature') {
        const named = clean(clause.replace(TASK_OPENER, ''));
        const cut = CONNECTOR.exec(named);
        const head = clean(cut ? named.slice(0, cut.index) : named);
        if (head) {
          product = asMidSentence(shortenProduct(head), sentence, brief);
          if (cut) addBenefit(named.slice(cut.index).replace(/^\s*(?:with|featuring|made|built|designed|that|which)\s+/i, ''));
          continue;
        }
      }
      addBenefit(clause);
    }
  }

  const seen = new Set([product.toLowerCase()]);
  const unique = benefits.filter((b) => {
    const key = b.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { product, benefits: unique, ...(audience ? { audience } : {}) };
}

// A shortened product must still read as a noun phrase: not "2 trail running shoes" or "and socks".
const BAD_START = /^(?:\p{N}|(?:and|or|of|for|with|the|a|an|to|in|on|by|&)$)/iu;

/**
 * Shorter forms of a product phrase for tight limits, longest first: "Trailblazer 2 trail running
 * shoes" → "trail running shoes" → "Trailblazer 2" → "running shoes" → "shoes". A brand's name
 * with its model number is one of them; a tail that starts with a number or a joining word is not.
 */
export function shorterProducts(product: string): string[] {
  const all = words(product);
  const out: string[] = [];
  for (let n = all.length - 1; n >= 1; n--) {
    const tail = all.slice(-n);
    if (!BAD_START.test(tail[0] ?? '')) out.push(tail.join(' '));
  }
  // The name part: leading capitalised words and the model number after them.
  let name = 0;
  while (name < all.length - 1 && /^\p{Lu}/u.test(all[name] ?? '')) name++;
  if (name > 0 && /^\p{N}/u.test(all[name] ?? '')) name++;
  if (name > 0 && name < all.length) out.push(all.slice(0, name).join(' '));
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}
