import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeHeader,
  encodeQuotedPrintable,
  formatEml,
  rfc5322Date,
} from '../../shared/mail/eml.ts';
import { makeOutboxMailer, makeSesMailer } from '../../shared/mail/mailer.ts';
import { decodeQuotedPrintable, decodeWords, readEml } from '../support/eml.ts';

const ses = mockClient(SESv2Client);

afterEach(() => {
  ses.reset();
});

const message = {
  to: 'm.payet@kaz-emploi.test',
  subject: 'Appui – 2 alertes à traiter au 22/11/2026',
  text: 'Bonjour Mickaël,\n\n- Aucun contact depuis 14 jours — échéance le 20/11/2026 — Jessica (dossier 1a2b3c4d)\n',
};

describe('the SES mailer', () => {
  it('sends one simple-content e-mail from the configured sender, in UTF-8', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
    const mailer = makeSesMailer({
      client: new SESv2Client({ region: 'eu-west-3' }),
      from: 'Appui <ne-pas-repondre@appui.example>',
    });

    const sent = await mailer.send(message);

    expect(sent).toEqual({ messageId: 'ses-0001' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      FromEmailAddress: 'Appui <ne-pas-repondre@appui.example>',
      Destination: { ToAddresses: ['m.payet@kaz-emploi.test'] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('passes on the error when SES refuses the message', async () => {
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected'));
    const mailer = makeSesMailer({
      client: new SESv2Client({ region: 'eu-west-3' }),
      from: 'a@b.c',
    });

    await expect(mailer.send(message)).rejects.toThrow('MessageRejected');
  });

  it('refuses an answer without a message id', async () => {
    ses.on(SendEmailCommand).resolves({});
    const mailer = makeSesMailer({
      client: new SESv2Client({ region: 'eu-west-3' }),
      from: 'a@b.c',
    });

    await expect(mailer.send(message)).rejects.toThrow(/without an id/);
  });
});

describe('the .eml format', () => {
  const envelope = {
    from: 'Appui <ne-pas-repondre@appui.localhost>',
    date: new Date('2026-11-22T03:05:09.000Z'),
    messageId: '<0192-test@appui.localhost>',
  };

  it('writes the RFC 5322 headers, then a blank line, then the body, with CRLF line ends', () => {
    const eml = formatEml(message, envelope);
    const read = readEml(eml);

    expect(read.rawHeaders.get('from')).toBe('Appui <ne-pas-repondre@appui.localhost>');
    expect(read.rawHeaders.get('to')).toBe('m.payet@kaz-emploi.test');
    expect(read.rawHeaders.get('date')).toBe('Sun, 22 Nov 2026 03:05:09 +0000');
    expect(read.rawHeaders.get('message-id')).toBe('<0192-test@appui.localhost>');
    expect(read.rawHeaders.get('mime-version')).toBe('1.0');
    expect(read.rawHeaders.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(read.rawHeaders.get('content-transfer-encoding')).toBe('quoted-printable');
    expect(eml.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('encodes a non-ASCII subject as RFC 2047 encoded-words that decode to it', () => {
    const read = readEml(formatEml(message, envelope));

    expect(read.rawHeaders.get('subject')).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/);
    expect(read.headers.get('subject')).toBe(message.subject);
  });

  it('keeps a plain ASCII subject as it is', () => {
    expect(encodeHeader('Subject', 'Appui - 2 alertes')).toBe('Subject: Appui - 2 alertes');
  });

  it('folds a long subject into words of at most 75 characters on lines of at most 76', () => {
    const subject = `Échéances : ${'é'.repeat(30)} ${'漢'.repeat(40)} 😀 fin`;

    const header = encodeHeader('Subject', subject);

    const lines = header.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    for (const word of header.match(/=\?[^?]+\?B\?[^?]*\?=/g) ?? []) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word holds whole characters: it decodes alone without a replacement character.
      expect(decodeWords(word)).not.toContain('\uFFFD');
    }
    expect(decodeWords(header.slice('Subject: '.length).replaceAll('\r\n', ''))).toBe(subject);
  });

  it('encodes the body in quoted-printable lines of at most 76 characters that decode to the text', () => {
    const text = `${'Décision de renouvellement à prendre — '.repeat(6)}\nLigne finie par une espace \n= égal\n`;

    const body = encodeQuotedPrintable(text);

    for (const line of body.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).toMatch(/^[\x21-\x7e \t]*$/);
      expect(line).not.toMatch(/[ \t]$/);
    }
    expect(body).toContain('D=C3=A9cision');
    expect(body).toContain('espace=20');
    expect(body).toContain('=3D =C3=A9gal');
    expect(decodeQuotedPrintable(body)).toBe(text);
  });

  it('encodes a non-ASCII display name of the sender', () => {
    const read = readEml(formatEml(message, { ...envelope, from: 'Équipe Appui <appui@x.test>' }));

    expect(read.rawHeaders.get('from')).toMatch(/^=\?UTF-8\?B\?.+\?= <appui@x\.test>$/);
    expect(read.headers.get('from')).toBe('Équipe Appui <appui@x.test>');
  });

  it('refuses a recipient that would break the header', () => {
    expect(() =>
      formatEml({ ...message, to: 'a@b.test\r\nBcc: everyone@x.test' }, envelope),
    ).toThrow(RangeError);
  });

  it('writes dates in RFC 5322 form, in UTC', () => {
    expect(rfc5322Date(new Date('2026-01-05T23:59:01.000Z'))).toBe(
      'Mon, 5 Jan 2026 23:59:01 +0000',
    );
  });
});

describe('the outbox mailer', () => {
  it('writes one .eml file per message, with a Message-ID of the sender’s domain', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'appui-outbox-')), 'outbox');
    const mailer = makeOutboxMailer(dir, { now: () => new Date('2026-11-22T03:00:00.000Z') });

    const first = await mailer.send(message);
    const second = await mailer.send({ ...message, to: 'j.hoarau@kaz-emploi.test' });

    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^20261122T030000Z-[0-9a-f-]{36}\.eml$/);
    const read = files.map((file) => readEml(readFileSync(join(dir, file), 'utf8')));
    expect(read.map((eml) => eml.rawHeaders.get('message-id')).sort()).toEqual(
      [first.messageId, second.messageId].sort(),
    );
    expect(first.messageId).toMatch(/^<[0-9a-f-]{36}@appui\.localhost>$/);
    expect(read.map((eml) => eml.headers.get('to')).sort()).toEqual([
      'j.hoarau@kaz-emploi.test',
      'm.payet@kaz-emploi.test',
    ]);
    expect(read[0]?.text).toBe(message.text);
    expect(read[0]?.headers.get('date')).toBe('Sun, 22 Nov 2026 03:00:00 +0000');
  });
});
