/**
 * Sending e-mail: the two adapters of the use cases' `Mailer` port (`message.ts`). In AWS, SES
 * (API v2, simple content); on one machine, an outbox folder of `.eml` files that any mail client opens.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { domainOf, formatEml } from './eml.ts';
import type { Mailer } from './message.ts';

/** SES's client and the verified sender identity, e.g. `Appui <ne-pas-repondre@appui.fr>`. */
export interface SesMailerOptions {
  client: SESv2Client;
  from: string;
}

/** Sends through SES (SendEmail, simple content, UTF-8 subject and text body). */
export function makeSesMailer({ client, from }: SesMailerOptions): Mailer {
  return {
    async send(message) {
      const { MessageId } = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      if (MessageId === undefined) throw new Error('SES accepted the message without an id');
      return { messageId: MessageId };
    },
  };
}

/** Where the local stack keeps the e-mails it would have sent. */
export const defaultOutboxDir = '.data/outbox';

export interface OutboxMailerOptions {
  from?: string;
  now?: () => Date;
}

/**
 * Writes each message as one RFC 5322 file, `<date>-<id>.eml`, in `dir` (created if missing):
 * the local stack's mail, read with any mail client or a text editor.
 */
export function makeOutboxMailer(dir: string, options: OutboxMailerOptions = {}): Mailer {
  const from = options.from ?? 'Appui <ne-pas-repondre@appui.localhost>';
  const now = options.now ?? (() => new Date());
  return {
    async send(message) {
      const id = randomUUID();
      const date = now();
      const messageId = `<${id}@${domainOf(from)}>`;
      const eml = formatEml(message, { from, date, messageId });
      await mkdir(dir, { recursive: true });
      const stamp = date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      await writeFile(join(dir, `${stamp}-${id}.eml`), eml, { encoding: 'utf8', flag: 'wx' });
      return { messageId };
    },
  };
}
