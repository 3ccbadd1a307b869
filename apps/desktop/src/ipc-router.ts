import { HostError } from '@adloom/host';
import { isInvokeChannel, parsePayload } from './channels.ts';
import type { InvokeContext, InvokeHandlers } from './desktop-host.ts';
import { failureAnswer, type IpcAnswer } from './ipc-answer.ts';
import { isTrustedSender, type SenderFrame } from './sender-check.ts';

/** What main knows of an invoke: the frame it came from and its window. */
export interface InvokeOrigin {
  senderFrame: SenderFrame | null | undefined;
  senderId: number;
}

/**
 * Every invoke goes through here: the sender must be the editor's own top frame (403 else),
 * the payload must pass its channel's zod schema (400 with the issues), then the handler
 * answers; any failure comes back as the HostError's `{ error, status }`.
 */
export async function answerInvoke(
  handlers: InvokeHandlers,
  channel: string,
  payload: unknown,
  origin: InvokeOrigin,
): Promise<IpcAnswer<unknown>> {
  try {
    if (!isTrustedSender(origin.senderFrame)) {
      throw new HostError(403, 'only the Adloom editor, loaded from the app itself, may use the host');
    }
    if (!isInvokeChannel(channel)) throw new HostError(404, `no such channel: ${channel}`);
    const parsed = parsePayload(channel, payload);
    const handler = handlers[channel] as (payload: unknown, context: InvokeContext) => Promise<unknown>;
    return { ok: true, value: await handler(parsed, { senderId: origin.senderId }) };
  } catch (error) {
    return failureAnswer(error);
  }
}
