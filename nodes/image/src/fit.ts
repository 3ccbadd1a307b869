import { type ArtifactRef, defineNode } from '@adloom/sdk';
import { z } from 'zod';
import { requireImage } from './image-input.ts';
import { loadSharp } from './load-sharp.ts';
import { offlineLabel } from './offline-images.ts';
import { FORMAT_PRESET_LABELS, type FormatPreset, presetEditParams, resolvePreset } from './presets.ts';

const FOCUS = { attention: 'attention', entropy: 'entropy', center: 'centre' } as const;

export const fitParams = z.object({
  presets: z.array(z.string()).min(1).default(['tiktok-9x16', 'meta-4x5']).describe('Format preset ids, one output image each'),
  mode: z
    .enum(['crop', 'pad'])
    .default('crop')
    .describe('crop: fill the format, cutting what falls outside; pad: show the whole image over a blurred copy of itself'),
  focus: z
    .enum(['attention', 'entropy', 'center'])
    .default('attention')
    .describe('crop: what to keep; attention looks for faces, skin and bright colour'),
  blur: z
    .number()
    .min(0.3)
    .max(200)
    .optional()
    .describe('pad: blur strength of the background copy; about a 25th of the short side when empty'),
  ...presetEditParams,
});

async function fitToPreset(image: ArtifactRef, preset: FormatPreset, params: z.infer<typeof fitParams>): Promise<Buffer> {
  const sharp = await loadSharp();
  const { width, height } = preset;
  // A crop may cut the draft's own label away: say again what the picture is.
  const stamp = image.provider === 'offline' ? await offlineLabel(width, height, 'offline draft', 'bottom-left') : [];
  if (params.mode === 'crop') {
    const cropped = sharp(image.path).autoOrient().resize(width, height, { fit: 'cover', position: FOCUS[params.focus] });
    if (stamp.length === 0) return cropped.png().toBuffer();
    return sharp(await cropped.toBuffer())
      .composite(stamp)
      .png()
      .toBuffer();
  }
  const sigma = params.blur ?? Math.min(60, Math.max(4, Math.round(Math.min(width, height) / 25)));
  const [background, foreground] = await Promise.all([
    sharp(image.path)
      .autoOrient()
      .resize(width, height, { fit: 'cover' })
      .blur(sigma)
      // Darker and duller than the picture in front, so the eye stays on it.
      .modulate({ brightness: 0.8, saturation: 0.85 })
      .toBuffer(),
    sharp(image.path).autoOrient().resize(width, height, { fit: 'inside' }).toBuffer({ resolveWithObject: true }),
  ]);
  return sharp(background)
    .composite([
      {
        input: foreground.data,
        left: Math.round((width - foreground.info.width) / 2),
        top: Math.round((height - foreground.info.height) / 2),
      },
      ...stamp,
    ])
    .png()
    .toBuffer();
}

export const imageFit = defineNode({
  type: 'image.fit',
  version: 1,
  title: 'Fit to formats',
  category: 'Image',
  description:
    'Makes one image per ad format (TikTok 9:16, Meta 4:5, Google display sizes…) by smart crop or by padding over a blurred copy. Each output carries its format and safe zone.',
  inputs: [{ name: 'image', type: 'image' }],
  outputs: [{ name: 'images', type: 'image', list: true }],
  params: fitParams,
  paramHints: {
    presets: { picker: 'preset', enumLabels: FORMAT_PRESET_LABELS },
    mode: { enumLabels: { crop: 'Smart crop', pad: 'Pad over blur' } },
  },
  async run(context) {
    const { params } = context;
    const image = requireImage(context.inputs.image, 'image');
    const presets = params.presets.map((id) => resolvePreset(id, params));
    const sourceWidth = image.width ?? 0;
    const sourceHeight = image.height ?? 0;
    const images = await Promise.all(
      presets.map(async (preset) => {
        const data = await fitToPreset(image, preset, params);
        const scale =
          sourceWidth && sourceHeight
            ? params.mode === 'crop'
              ? Math.max(preset.width / sourceWidth, preset.height / sourceHeight)
              : Math.min(preset.width / sourceWidth, preset.height / sourceHeight)
            : 1;
        if (scale > 1.05) {
          context.log(
            `${preset.id}: the ${sourceWidth}×${sourceHeight} source was enlarged ${scale.toFixed(2)}× and may look soft`,
          );
        }
        return context.artifacts.write(data, {
          kind: 'image',
          mime: 'image/png',
          width: preset.width,
          height: preset.height,
          ...(image.provider ? { provider: image.provider } : {}),
          meta: {
            preset: preset.id,
            presetLabel: preset.label,
            presetSize: { width: preset.width, height: preset.height },
            safeZone: preset.safeZone,
            ...(preset.maxKB !== undefined ? { maxKB: preset.maxKB } : {}),
            fit: params.mode,
            ...(scale > 1.05 ? { enlarged: Number(scale.toFixed(2)) } : {}),
          },
        });
      }),
    );
    return { images };
  },
});
