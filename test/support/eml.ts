/**
 * Reads back an `.eml` file the way a mail client would, for assertions: header fields unfolded,
 * RFC 2047 encoded-words decoded, the quoted-printable body decoded to text. Written from the
 * RFCs, independently of the code that writes the files.
 */
export interface ReadEml {
  /** Header fields by lower-case name, unfolded, as written (encoded-words left as they are). */
  rawHeaders: Map<string, string>;
  /** The same, encoded-words decoded. */
  headers: Map<string, string>;
  /** The body as written. */
  rawBody: string;
  /** The body decoded (quoted-printable), line ends as `\n`. */
  text: string;
}

export function readEml(eml: string): ReadEml {
  const separator = eml.indexOf('\r\n\r\n');
  if (separator < 0) throw new Error('no blank line between headers and body');
  const head = eml.slice(0, separator);
  const rawBody = eml.slice(separator + 4);
  const rawHeaders = new Map<string, string>();
  for (const field of head.split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) throw new Error(`not a header field: ${field}`);
    rawHeaders.set(
      field.slice(0, colon).toLowerCase(),
      field
        .slice(colon + 1)
        .replace(/\r\n([ \t])/g, '$1')
        .trim(),
    );
  }
  const headers = new Map([...rawHeaders].map(([name, value]) => [name, decodeWords(value)]));
  return { rawHeaders, headers, rawBody, text: decodeQuotedPrintable(rawBody) };
}

/** RFC 2047: `=?charset?B|Q?…?=` words, the white space between two adjacent words dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, charset: string, kind: string, data: string) => {
        if (charset.toLowerCase() !== 'utf-8') throw new Error(`unexpected charset ${charset}`);
        const bytes =
          kind.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : Buffer.from(
                data
                  .replaceAll('_', ' ')
                  .replace(/=([0-9A-F]{2})/g, (_match, hex: string) =>
                    String.fromCharCode(Number.parseInt(hex, 16)),
                  ),
                'latin1',
              );
        return bytes.toString('utf8');
      },
    );
}

/** RFC 2045 §6.7: soft breaks removed, `=XX` octets decoded, the result read as UTF-8. */
export function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < joined.length; index += 1) {
    const character = joined[index] ?? '';
    const hex = joined.slice(index + 1, index + 3);
    if (character === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(character, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}
