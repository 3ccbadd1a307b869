import type { Catalog, NodeTypeInfo } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { fuzzyScore, groupByCategory, searchNodeTypes } from './node-search.ts';

const node = (type: string, title: string, category: string, description = ''): NodeTypeInfo => ({
  type,
  title,
  category,
  description,
  version: 1,
  inputs: [],
  outputs: [],
  params: { type: 'object', properties: {} },
  paramHints: {},
  deterministic: true,
});

const catalog: Catalog = {
  nodes: {
    'input.text': node('input.text', 'Text input', 'Inputs', 'A piece of text the graph takes from outside'),
    'text.template': node('text.template', 'Template', 'Text', 'Fills {{name}} placeholders'),
    'llm.adCopy': node('llm.adCopy', 'Ad copy', 'LLM', 'Writes headlines and primary text'),
    'image.generate': node('image.generate', 'Generate image', 'Image', 'A picture from a prompt'),
  },
};

describe('node search', () => {
  it('[editor.S5] matches letters in order, best at word starts', () => {
    expect(fuzzyScore('adc', 'llm.adCopy')).toBeGreaterThan(0);
    expect(fuzzyScore('xyz', 'llm.adCopy')).toBe(0);
    expect(fuzzyScore('tmpl', 'text.template')).toBeGreaterThan(
      fuzzyScore('tmpl', 'a template in text'.replace('template', 'tamplate')),
    );
  });

  it('[editor.S2] finds a node by type, title or description, best first', () => {
    expect(searchNodeTypes(catalog, 'template')[0]?.info.type).toBe('text.template');
    expect(searchNodeTypes(catalog, 'adcopy')[0]?.info.type).toBe('llm.adCopy');
    expect(searchNodeTypes(catalog, 'headlines')[0]?.info.type).toBe('llm.adCopy');
    expect(searchNodeTypes(catalog, 'img gen')[0]?.info.type).toBe('image.generate');
  });

  it('[editor.S4] a whole word ranks above the start of a longer one: "video" finds Assemble video before Join videos', () => {
    const videos: Catalog = {
      nodes: {
        'video.concat': node('video.concat', 'Join videos', 'Video', 'Joins videos one after another'),
        'video.assemble': node('video.assemble', 'Assemble video', 'Video', 'Images, captions and music into a video'),
      },
    };
    expect(searchNodeTypes(videos, 'video').map((m) => m.info.type)).toEqual(['video.assemble', 'video.concat']);
    expect(searchNodeTypes(videos, 'videos').map((m) => m.info.type)[0]).toBe('video.concat');
  });

  it('[editor.S3] lists everything by category when the query is empty', () => {
    const groups = groupByCategory(searchNodeTypes(catalog, ''));
    expect(groups.map((g) => g.category)).toEqual(['Image', 'Inputs', 'LLM', 'Text']);
  });
});
