/** An e-mail as the use cases write it, and the port they send it through (adapters in `mailer.ts`). */

/** One plain-text e-mail to one address. */
export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text; line breaks as `\n`. */
  text: string;
}

export interface Mailer {
  /** Sends the message; resolves with the id the transport gave it. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}
