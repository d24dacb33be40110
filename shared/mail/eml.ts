/**
 * An e-mail as an RFC 5322 message that any mail client opens: ASCII headers (RFC 2047
 * encoded-words for the rest), a UTF-8 plain-text body in quoted-printable (RFC 2045), CRLF
 * line ends, no line longer than 76 characters.
 */
import type { MailMessage } from './message.ts';

const crlf = '\r\n';
const printableAscii = /^[\x20-\x7e]*$/;
/** A display name of RFC 5322 atoms, written without quotes. */
const atoms = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export interface EmlEnvelope {
  /** `Appui <ne-pas-repondre@example.org>` or a bare address. */
  from: string;
  date: Date;
  /** With its angle brackets: `<id@domain>`. */
  messageId: string;
}

/** The whole message, headers and body, ready to be written as a `.eml` file. */
export function formatEml(message: MailMessage, envelope: EmlEnvelope): string {
  const headers = [
    `From: ${formatMailbox(envelope.from)}`,
    `To: ${ascii(message.to, 'To')}`,
    encodeHeader('Subject', message.subject),
    `Date: ${rfc5322Date(envelope.date)}`,
    `Message-ID: ${ascii(envelope.messageId, 'Message-ID')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  const body = encodeQuotedPrintable(message.text);
  // The file ends with a line break, once.
  return `${headers.join(crlf)}${crlf}${crlf}${body}${body.endsWith(crlf) ? '' : crlf}`;
}

/** The domain of a mailbox (`Name <user@domain>` or `user@domain`), for Message-IDs. */
export function domainOf(mailbox: string): string {
  const address = /<([^>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'localhost';
}

/**
 * A header field, its value as it is when printable ASCII, else as RFC 2047 encoded-words
 * (UTF-8, base64), each at most 75 characters and on its own folded line of at most 76, never
 * splitting a character between two words.
 */
export function encodeHeader(name: string, value: string): string {
  if (printableAscii.test(value)) return `${name}: ${value}`;
  const words: string[] = [];
  // The first line also holds `Name: `; the following ones start with a folding space.
  let room = 76 - (name.length + 2);
  let chunk: string[] = [];
  const wordOf = (characters: string[]) =>
    `=?UTF-8?B?${Buffer.from(characters.join(''), 'utf8').toString('base64')}?=`;
  for (const character of value) {
    const candidate = [...chunk, character];
    if (chunk.length > 0 && wordOf(candidate).length > room) {
      words.push(wordOf(chunk));
      chunk = [character];
      room = 75;
    } else {
      chunk = candidate;
    }
  }
  if (chunk.length > 0) words.push(wordOf(chunk));
  return `${name}: ${words.join(`${crlf} `)}`;
}

/** A mailbox header value: the display name encoded when it is not plain ASCII. */
function formatMailbox(mailbox: string): string {
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailbox);
  if (match === null) return ascii(mailbox.trim(), 'From');
  const [, name = '', address = ''] = match;
  if (name === '') return `<${ascii(address, 'From')}>`;
  const phrase = atoms.test(name)
    ? name
    : printableAscii.test(name)
      ? `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
      : encodeHeader('From', name).slice('From: '.length);
  return `${phrase} <${ascii(address, 'From')}>`;
}

/** Addresses and ids go in headers as they are: refuse what would break or forge a header. */
function ascii(value: string, header: string): string {
  if (!printableAscii.test(value) || value === '') {
    throw new RangeError(`${header} must be printable ASCII on one line`);
  }
  return value;
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Sun, 22 Nov 2026 06:00:00 +0000`: RFC 5322's date-time, in UTC. */
export function rfc5322Date(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${days[date.getUTCDay()]}, ${date.getUTCDate()} ${months[date.getUTCMonth()]} ` +
    `${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:` +
    `${two(date.getUTCSeconds())} +0000`
  );
}

/**
 * Quoted-printable (RFC 2045 §6.7) of a UTF-8 text: CRLF line ends, printable ASCII as it is
 * (`=` excepted), a space or tab encoded at the end of a line, soft breaks so that no encoded
 * line is longer than 76 characters.
 */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const tokens = [...bytes].map((byte, index) => {
        const last = index === bytes.length - 1;
        const plain =
          (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        return plain
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      });
      const lines: string[] = [];
      let current = '';
      for (const token of tokens) {
        // 75 leaves room for the `=` of a soft break.
        if (current.length + token.length > 75) {
          lines.push(`${current}=`);
          current = '';
        }
        current += token;
      }
      lines.push(current);
      return lines.join(crlf);
    })
    .join(crlf);
}
