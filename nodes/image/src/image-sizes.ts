/** Width and height in pixels. */
export interface Size {
  width: number;
  height: number;
}

/** The size a provider will make, and a note when it differs from the one asked for. */
export interface SizeChoice extends Size {
  note?: string;
}

export const ASPECTS = ['1:1', '4:5', '9:16', '16:9', '1.91:1', '2:3', '3:2', '3:4', '4:3'] as const;
export type Aspect = (typeof ASPECTS)[number];

function aspectRatio(aspect: Aspect): number {
  const [w, h] = aspect.split(':').map(Number) as [number, number];
  return w / h;
}

/**
 * The size asked for: width and height when both are set; one of them and the aspect; else the
 * aspect at about one megapixel in multiples of 64 (the sizes diffusion models are trained at,
 * e.g. 768×1344 for 9:16).
 */
export function askedSize(params: { aspect: Aspect; width?: number; height?: number }): Size {
  const ratio = aspectRatio(params.aspect);
  if (params.width && params.height) return { width: params.width, height: params.height };
  if (params.width) return { width: params.width, height: Math.max(1, Math.round(params.width / ratio)) };
  if (params.height) return { width: Math.max(1, Math.round(params.height * ratio)), height: params.height };
  const area = 1024 * 1024;
  return { width: Math.round(Math.sqrt(area * ratio) / 64) * 64, height: Math.round(Math.sqrt(area / ratio) / 64) * 64 };
}

function describe(provider: string, asked: Size, made: Size, why: string): string | undefined {
  if (asked.width === made.width && asked.height === made.height) return undefined;
  return `asked for ${asked.width}×${asked.height}; ${provider} makes ${made.width}×${made.height} instead (${why})`;
}

/** Nearest size in multiples of `step` within [min, max] per side: diffusion latents are 1/8 of the image. */
export function nearestMultipleSize(provider: string, asked: Size, step: number, min: number, max: number): SizeChoice {
  const snap = (n: number) => Math.min(max, Math.max(min, Math.round(n / step) * step));
  const made = { width: snap(asked.width), height: snap(asked.height) };
  const note = describe(provider, asked, made, `sides are multiples of ${step} from ${min} to ${max}`);
  return note ? { ...made, note } : made;
}

/** The sizes OpenAI image models accept, from the `openai` package's documentation of `size`. */
const FIXED_OPENAI_SIZES: Record<string, Size[]> = {
  'dall-e-2': [
    { width: 256, height: 256 },
    { width: 512, height: 512 },
    { width: 1024, height: 1024 },
  ],
  'dall-e-3': [
    { width: 1024, height: 1024 },
    { width: 1792, height: 1024 },
    { width: 1024, height: 1792 },
  ],
  gpt: [
    { width: 1024, height: 1024 },
    { width: 1536, height: 1024 },
    { width: 1024, height: 1536 },
  ],
};

/** gpt-image-2 and later take any size: sides divisible by 16, aspect from 1:3 to 3:1, at most 3840×2160 worth of pixels. */
function isFreeSizeModel(model: string): boolean {
  return /^gpt-image-([2-9]|\d{2,})/.test(model);
}

/** The size closest in shape to the asked one (then in area) that this OpenAI model makes. */
export function nearestOpenAISize(model: string, asked: Size): SizeChoice {
  if (isFreeSizeModel(model)) {
    const maxEdge = 3840;
    const maxPixels = 3840 * 2160;
    let ratio = Math.min(3, Math.max(1 / 3, asked.width / asked.height));
    let width = asked.width;
    let height = width / ratio;
    if (height > asked.height) {
      height = asked.height;
      width = height * ratio;
    }
    const scale = Math.min(1, maxEdge / Math.max(width, height), Math.sqrt(maxPixels / (width * height)));
    width *= scale;
    height *= scale;
    ratio = width / height;
    const made = { width: Math.max(16, Math.round(width / 16) * 16), height: Math.max(16, Math.round(height / 16) * 16) };
    while (made.width * made.height > maxPixels || Math.max(made.width, made.height) > maxEdge) {
      made.width -= 16;
      made.height = Math.max(16, Math.round(made.width / ratio / 16) * 16);
    }
    const note = describe(`OpenAI ${model}`, asked, made, 'sides divisible by 16, aspect 1:3 to 3:1, at most 3840×2160');
    return note ? { ...made, note } : made;
  }
  const sizes = FIXED_OPENAI_SIZES[model] ?? FIXED_OPENAI_SIZES.gpt ?? [];
  const shape = Math.log(asked.width / asked.height);
  let best = sizes[0] as Size;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const size of sizes) {
    const score =
      Math.abs(Math.log(size.width / size.height) - shape) * 10 +
      Math.abs(Math.log((size.width * size.height) / (asked.width * asked.height)));
    if (score < bestScore) {
      best = size;
      bestScore = score;
    }
  }
  const note = describe(
    `OpenAI ${model}`,
    asked,
    best,
    `it only makes ${sizes.map((s) => `${s.width}×${s.height}`).join(', ')}; fit the image to a preset afterwards`,
  );
  return note ? { ...best, note } : { ...best };
}
