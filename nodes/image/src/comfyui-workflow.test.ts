import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type ComfyWorkflow, findTargets, patchWorkflow } from './comfyui-workflow.ts';

async function fixture(name: string): Promise<ComfyWorkflow> {
  return JSON.parse(await readFile(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8'));
}

describe('finding where values go in a ComfyUI workflow', () => {
  it('follows a KSampler to its text encoders, seed and empty latent', async () => {
    const targets = findTargets(await fixture('sd15-api-workflow.json'), {});
    expect(targets).toEqual({
      prompt: { nodeId: '6', fields: ['text'] },
      negativePrompt: { nodeId: '7', fields: ['text'] },
      seed: { nodeId: '3', fields: ['seed'] },
      size: { nodeId: '5', fields: ['width', 'height', 'batch_size'] },
      sampler: '3',
    });
  });

  it('follows a custom sampler through guider, guidance and noise nodes (Flux)', async () => {
    const targets = findTargets(await fixture('flux-custom-sampler-api-workflow.json'), {});
    expect(targets.prompt).toEqual({ nodeId: '6', fields: ['text'] });
    expect(targets.negativePrompt).toBeUndefined();
    expect(targets.seed).toEqual({ nodeId: '25', fields: ['noise_seed'] });
    expect(targets.size).toEqual({ nodeId: '27', fields: ['width', 'height', 'batch_size'] });
  });

  it('takes node ids and fields from params, and names what is wrong with them', async () => {
    const workflow = await fixture('sd15-api-workflow.json');
    const targets = findTargets(workflow, { promptNode: '7', negativePromptNode: '6.text', seedNode: '3.seed' });
    expect(targets.prompt).toEqual({ nodeId: '7', fields: ['text'] });
    expect(targets.negativePrompt).toEqual({ nodeId: '6', fields: ['text'] });
    expect(() => findTargets(workflow, { promptNode: '99' })).toThrow(
      /the workflow has no node "99"; its nodes are: 3 \(KSampler\), 4/,
    );
    expect(() => findTargets(workflow, { seedNode: '3.noise_seed' })).toThrow('node "3" (KSampler) has no input "noise_seed"');
  });

  it('sets a seed wired in from a primitive node on that node', async () => {
    const workflow = await fixture('sd15-api-workflow.json');
    (workflow['3'] as ComfyWorkflow[string]).inputs.seed = ['12', 0];
    workflow['12'] = { class_type: 'PrimitiveInt', inputs: { value: 5 } };
    const targets = findTargets(workflow, {});
    expect(targets.seed).toEqual({ nodeId: '12', fields: ['value'] });
    const { workflow: patched } = patchWorkflow(workflow, targets, {
      prompt: 'p',
      negativePrompt: '',
      seed: 77,
      width: 64,
      height: 64,
      batch: 1,
      steps: 8,
      cfgScale: 4.5,
    });
    expect(patched['12']?.inputs.value).toBe(77);
    expect(patched['3']?.inputs).toMatchObject({ steps: 8, cfg: 4.5, seed: ['12', 0] });
    // The saved workflow itself is left as it was; an empty negative prompt keeps the saved one.
    expect(workflow['12']?.inputs.value).toBe(5);
    expect(patched['7']?.inputs.text).toBe('text, watermark');
  });
});
