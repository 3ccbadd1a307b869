import { readBrief } from './brief-phrases.ts';
import { seededRandom } from './seeded-random.ts';

export interface OfflineTextRequest {
  prompt: string;
  system?: string;
  seed: number;
  /** Which of `count` texts this is, so a list of drafts is not one text repeated. */
  index: number;
  maxTokens?: number;
}

// "Write a catchy tagline for ..." asks for a kind of text; what follows is the subject.
const INSTRUCTION =
  /^(?:please\s+)?(?:write|generate|create|draft|give me|come up with|suggest|make|compose|produce|describe)\s+(?:me\s+)?(?:(?:a|an|the|one|some|\d+|two|three|five)\s+)?(?:(?:short|catchy|punchy|brief|long|detailed|vivid|simple|friendly|bold)\s+)*(?:(?:tagline|headline|slogan|sentence|paragraph|description|caption|post|text|copy|prompt|line|ad|name|image prompt|photo prompt|tweet|email)s?\s+)?(?:for|about|of|on)\s+/i;

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A draft text assembled from the prompt's own subject and details, no model and no network:
 * the same prompt, seed and index give the same text. It does not follow instructions; it
 * restates what the prompt is about, so a pipeline has plausible text to carry.
 */
export function writeOfflineText(request: OfflineTextRequest): string {
  const subject = request.prompt.trim().replace(INSTRUCTION, '');
  const { product, benefits, audience } = readBrief(subject);
  // The form rotates with the index, so up to three drafts never repeat; the details vary too.
  const form = seededRandom(JSON.stringify([request.prompt, request.system ?? '', request.seed])).index(3);
  const details = seededRandom(JSON.stringify([request.prompt, request.system ?? '', request.seed, request.index]))
    .shuffle(benefits)
    .slice(0, 2);
  const subjectLine = upperFirst(product || subject);
  const forWhom = audience ? ` for ${audience}` : '';
  const options = [
    details.length ? `${subjectLine}${forWhom}: ${details.join(', ')}.` : `${subjectLine}${forWhom}.`,
    details.length ? `${subjectLine}${forWhom}. ${details.map(upperFirst).join('. ')}.` : `Meet ${product || subject}${forWhom}.`,
    details.length
      ? `Meet ${product || subject}${forWhom} — ${details.join(', ')}.`
      : `Discover ${product || subject}${forWhom}.`,
  ];
  const text = options[(form + request.index) % options.length] as string;
  if (request.maxTokens === undefined) return text;
  // About four characters to a token: a draft no longer than the model's would be.
  const most = request.maxTokens * 4;
  if (text.length <= most) return text;
  const cut = text.slice(0, most);
  const space = cut.lastIndexOf(' ');
  return space > 0 ? cut.slice(0, space) : cut;
}
