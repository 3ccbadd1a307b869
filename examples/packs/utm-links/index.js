// An Adloom node pack in plain JavaScript: it imports what it needs from @adloom/sdk, which the
// host resolves to its own copy wherever this folder lies.
import { defineNode, NodeError, z } from '@adloom/sdk';

const utmLink = defineNode({
  type: 'utm.link',
  version: 1,
  title: 'Campaign link',
  category: 'Links',
  description: 'A landing page address with utm_source, utm_medium, utm_campaign (and utm_content) set.',
  inputs: [{ name: 'content', type: 'text', optional: true }],
  outputs: [{ name: 'url', type: 'text' }],
  params: z.object({
    url: z.string().describe('The landing page, e.g. https://example.com/kayaks'),
    source: z.string().default('tiktok').describe('utm_source: where the ad runs'),
    medium: z.string().default('paid_social').describe('utm_medium'),
    campaign: z.string().describe('utm_campaign, e.g. spring-launch'),
  }),
  run({ params, inputs }) {
    let url;
    try {
      url = new URL(params.url);
    } catch {
      throw new NodeError(`"${params.url}" is not an address: give the landing page's full URL, with https://`, { param: 'url' });
    }
    url.searchParams.set('utm_source', params.source);
    url.searchParams.set('utm_medium', params.medium);
    url.searchParams.set('utm_campaign', params.campaign);
    if (typeof inputs.content === 'string' && inputs.content) url.searchParams.set('utm_content', inputs.content);
    return { url: url.href };
  },
});

export const pack = { name: 'utm-links', nodes: [utmLink] };
