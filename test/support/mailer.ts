/** Mailers for tests: one that keeps what it was asked to send, one for worlds that never mail. */
import type { Mailer, MailMessage } from '../../shared/mail/message.ts';

/** A mailer that keeps what it was asked to send, oldest first. */
export function aRecordingMailer(): { mailer: Mailer; sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  const mailer: Mailer = {
    send: async (message) => {
      sent.push(message);
      return { messageId: `<${sent.length}@appui-tests.test>` };
    },
  };
  return { mailer, sent };
}

/** For an app whose test sends no mail: a send is a bug of the test. */
export const unusedMailer: Mailer = {
  send: () => Promise.reject(new Error('this test world sends no mail')),
};
