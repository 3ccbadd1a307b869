import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Inter's weights as Pango names them, each with its TTF from the bundled npm package. */
const FACES = {
  regular: { name: 'Inter', file: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf' },
  semibold: { name: 'Inter SemiBold', file: '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf' },
  bold: { name: 'Inter Bold', file: '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf' },
  extrabold: { name: 'Inter ExtraBold', file: '@expo-google-fonts/inter/800ExtraBold/Inter_800ExtraBold.ttf' },
} as const;

export type FontWeight = keyof typeof FACES;

export interface FontFace {
  /** The Pango font description without a size, e.g. `Inter Bold`. */
  name: string;
  /** Absolute path of the TTF, so text looks the same on every machine whatever fonts it has. */
  file: string;
}

const resolved = new Map<FontWeight, FontFace>();

/** The bundled Inter face of this weight. */
export function fontFace(weight: FontWeight): FontFace {
  let face = resolved.get(weight);
  if (!face) {
    face = { name: FACES[weight].name, file: require.resolve(FACES[weight].file) };
    resolved.set(weight, face);
  }
  return face;
}
