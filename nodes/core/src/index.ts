import type { NodePack } from '@adloom/sdk';
import { inputImage } from './input-image.ts';
import { inputJson } from './input-json.ts';
import { inputNumber } from './input-number.ts';
import { inputText } from './input-text.ts';
import { jsonPick } from './json-pick.ts';
import { textJoin } from './text-join.ts';
import { textTemplate } from './text-template.ts';

export { inputImage } from './input-image.ts';
export { inputJson } from './input-json.ts';
export { inputNumber } from './input-number.ts';
export { inputText } from './input-text.ts';
export { jsonPick, parsePickPath } from './json-pick.ts';
export { textJoin } from './text-join.ts';
export { textTemplate } from './text-template.ts';

/** The core pack: graph inputs, templates and small data steps. */
export const pack: NodePack = {
  name: '@adloom/nodes-core',
  nodes: [inputText, inputNumber, inputJson, inputImage, textTemplate, textJoin, jsonPick],
};
