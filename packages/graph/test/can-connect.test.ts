import { describe, expect, it } from 'vitest';
import { canConnect, type GraphFile } from '../src/index.ts';
import { catalog } from './catalog.ts';

/** product → brief (template) → copy; brief → hero → fit; a join with one item; a json.pick. */
function graph(): GraphFile {
  return {
    adloom: 1,
    name: 'g',
    nodes: {
      product: { type: 'input.text', params: { name: 'product' } },
      audience: { type: 'input.text', params: { name: 'audience' } },
      brief: { type: 'text.template', params: { template: 'Ads for {{product}} aimed at {{audience}}' } },
      copy: { type: 'llm.adCopy', params: { platform: 'meta' } },
      hero: { type: 'image.generate' },
      fit: { type: 'image.fit' },
      all: { type: 'text.join' },
      pick: { type: 'json.pick', params: { path: 'a' } },
      video: { type: 'video.assemble' },
    },
    edges: [
      { from: 'product.text', to: 'brief.product' },
      { from: 'brief.text', to: 'copy.brief' },
      { from: 'brief.text', to: 'hero.prompt' },
      { from: 'hero.images', to: 'fit.image' },
      { from: 'product.text', to: 'all.items' },
    ],
  };
}

describe('canConnect', () => {
  it('accepts ports of the same type', () => {
    expect(canConnect(graph(), 'audience.text', 'brief.audience', catalog)).toEqual({ ok: true });
  });

  it('accepts a list output into a single input (the node maps over the items)', () => {
    const g = graph();
    g.edges = g.edges.filter((edge) => edge.to !== 'fit.image');
    expect(canConnect(g, 'hero.images', 'fit.image', catalog)).toEqual({ ok: true });
  });

  it('accepts any type into a json input', () => {
    expect(canConnect(graph(), 'hero.images', 'pick.value', catalog)).toEqual({ ok: true });
    expect(canConnect(graph(), 'copy.copies', 'pick.value', catalog)).toEqual({ ok: true });
  });

  it('refuses ports of different types, naming both types', () => {
    const result = canConnect(graph(), 'product.text', 'fit.image', catalog);
    expect(result).toEqual({ ok: false, reason: 'a text output does not fit an image input' });
    const list = canConnect(graph(), 'copy.copies', 'hero.prompt', catalog);
    expect(list).toEqual({ ok: false, reason: 'a copy[] output does not fit a text input' });
  });

  it('refuses a port that does not exist, naming the node and the port', () => {
    expect(canConnect(graph(), 'product.txt', 'copy.brief', catalog)).toEqual({
      ok: false,
      reason: '"product" has no output "txt"',
    });
    expect(canConnect(graph(), 'product.text', 'copy.breif', catalog)).toEqual({
      ok: false,
      reason: '"copy" has no input "breif"',
    });
    // An output is not an input.
    expect(canConnect(graph(), 'product.text', 'copy.copies', catalog)).toEqual({
      ok: false,
      reason: '"copy" has no input "copies"',
    });
  });

  it('refuses a node that does not exist, even one named like an Object member', () => {
    expect(canConnect(graph(), 'ghost.text', 'copy.brief', catalog)).toEqual({ ok: false, reason: 'there is no node "ghost"' });
    expect(canConnect(graph(), 'constructor.text', 'copy.brief', catalog)).toEqual({
      ok: false,
      reason: 'there is no node "constructor"',
    });
    expect(canConnect(graph(), 'product.text', 'toString.x', catalog)).toEqual({
      ok: false,
      reason: 'there is no node "toString"',
    });
  });

  it('refuses an end that is not node.port', () => {
    expect(canConnect(graph(), 'product', 'copy.brief', catalog)).toEqual({
      ok: false,
      reason: '"product" is not of the form node.port',
    });
    expect(canConnect(graph(), 'product.text', 'copy.', catalog)).toEqual({
      ok: false,
      reason: '"copy." is not of the form node.port',
    });
  });

  it('refuses nodes of an unknown type, whose ports are not known', () => {
    expect(canConnect(graph(), 'fit.image', 'video.clips', catalog)).toEqual({
      ok: false,
      reason: '"video" is of unknown type "video.assemble"',
    });
  });

  it('refuses to connect a node to itself', () => {
    const g = graph();
    g.nodes.loop = { type: 'text.template', params: { template: '{{previous}}' } };
    expect(canConnect(g, 'loop.text', 'loop.previous', catalog)).toEqual({
      ok: false,
      reason: 'a node cannot feed its own input',
    });
  });

  it('refuses an edge that would close a cycle, naming the nodes', () => {
    const g = graph();
    g.nodes.brief = { type: 'text.template', params: { template: '{{product}} {{audience}} {{feedback}}' } };
    g.nodes.review = { type: 'text.template', params: { template: 'Review: {{copy}}' } };
    g.edges.push({ from: 'copy.copies', to: 'pick.value' }, { from: 'pick.text', to: 'review.copy' });
    expect(canConnect(g, 'review.text', 'brief.feedback', catalog)).toEqual({
      ok: false,
      reason: 'this would make a cycle: "review" already depends on "brief"',
    });
  });

  it('refuses an edge that is already there', () => {
    expect(canConnect(graph(), 'product.text', 'all.items', catalog)).toEqual({
      ok: false,
      reason: 'these ports are already connected',
    });
    expect(canConnect(graph(), 'brief.text', 'copy.brief', catalog)).toEqual({
      ok: false,
      reason: 'these ports are already connected',
    });
  });

  it('accepts a wire onto a taken single input and names the edge it replaces', () => {
    expect(canConnect(graph(), 'audience.text', 'copy.brief', catalog)).toEqual({
      ok: true,
      replaces: { from: 'brief.text', to: 'copy.brief' },
    });
  });

  it('lets a list input take several edges, replacing none', () => {
    const g = graph();
    expect(canConnect(g, 'audience.text', 'all.items', catalog)).toEqual({ ok: true });
    g.edges.push({ from: 'audience.text', to: 'all.items' });
    expect(canConnect(g, 'brief.text', 'all.items', catalog)).toEqual({ ok: true });
  });

  it('offers the inputs a template has from its placeholders, and only those', () => {
    const g = graph();
    expect(canConnect(g, 'audience.text', 'brief.audience', catalog)).toEqual({ ok: true });
    expect(canConnect(g, 'audience.text', 'brief.tone', catalog)).toEqual({ ok: false, reason: '"brief" has no input "tone"' });
    // Writing a new placeholder makes a new input.
    (g.nodes.brief as { params: Record<string, unknown> }).params.template = '{{product}} in a {{ tone }} voice';
    expect(canConnect(g, 'audience.text', 'brief.tone', catalog)).toEqual({ ok: true });
    expect(canConnect(g, 'hero.images', 'brief.tone', catalog)).toEqual({
      ok: false,
      reason: 'an image[] output does not fit a text input',
    });
  });
});
