// An Adloom node pack in plain JavaScript: it imports what it needs from @adloom/sdk, which the
// host resolves to its own copy wherever this folder lies.
import { createHmac } from 'node:crypto';
import { defineNode, NodeError, z } from '@adloom/sdk';

/** A secret the pack declares: the host's settings offer it, write-only, and hand it to runs. */
const SIGNING_KEY = 'UTM_LINKS_SIGNING_KEY';

const utmLink = defineNode({
  type: 'utm.link',
  version: 1,
  title: 'Campaign link',
  category: 'Links',
  description: 'A landing page address with utm_source, utm_medium, utm_campaign (and utm_content) set.',
  // Its link depends on the signing key, which the cache key does not see: it always runs.
  deterministic: false,
  inputs: [{ name: 'content', type: 'text', optional: true }],
  outputs: [{ name: 'url', type: 'text' }],
  params: z.object({
    url: z.string().describe('The landing page, e.g. https://example.com/kayaks'),
    source: z.string().default('tiktok').describe('utm_source: where the ad runs'),
    medium: z.string().default('paid_social').describe('utm_medium'),
    campaign: z.string().describe('utm_campaign, e.g. spring-launch'),
  }),
  run({ params, inputs, providers }) {
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
    // The key stays here: only a signature of the link leaves, so the landing page can check it.
    const key = providers.env?.[SIGNING_KEY] ?? process.env[SIGNING_KEY];
    if (key) url.searchParams.set('utm_sig', createHmac('sha256', key).update(url.href).digest('hex').slice(0, 16));
    return { url: url.href };
  },
});

export const pack = {
  name: 'utm-links',
  nodes: [utmLink],
  secrets: [
    { name: SIGNING_KEY, description: 'Signs each campaign link (utm_sig), so your landing page can tell links your team made' },
  ],
};
