/**
 * Sealing at the data layer's edge: which fields of which items leave in clear (none of the
 * notes), how they come back, and what a reader without keys, or with a destroyed key, sees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stripKeys } from '../../shared/cases/case-store.ts';
import { journalEntry, journalEntryItem } from '../../shared/cases/journal/journal-entry.ts';
import { makeLocalTenantKeys } from '../../shared/crypto/local-keys.ts';
import {
  assertNoClearNotes,
  openItem,
  StandInWriteError,
  sealedPlaceholder,
  sealItem,
  unreadableNote,
  withPlaceholders,
} from '../../shared/crypto/sealed-items.ts';
import { referral, referralItem } from '../../shared/referrals/referral.ts';
import { aJournalEntry, aReferral, fixtureIds } from '../support/builders.ts';

const folder = mkdtempSync(join(tmpdir(), 'appui-sealed-items-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const keys = makeLocalTenantKeys(join(folder, 'keys'));

const entry = aJournalEntry({
  summary: 'Évoque un suivi en CSAPA depuis mars.',
  privateNote: 'Inquiète pour la garde de ses enfants.',
});
const declined = aReferral({
  status: 'declined',
  answeredAt: '2026-01-08T09:00:00.000Z',
  reason: 'Sortie de détention, hébergement en CHRS.',
  decline: { reason: 'no-capacity', text: 'Plus de place avant l’été.' },
});

describe('sealing an item', () => {
  it('moves every note of a journal entry into `sealed`, as bytes, and leaves nothing in clear', async () => {
    const stored = await sealItem(journalEntryItem(fixtureIds.tenantId, entry), keys);

    expect(stored.summary).toBeUndefined();
    expect(stored.privateNote).toBeUndefined();
    expect(stored.sealed).toEqual({
      summary: expect.any(Uint8Array),
      privateNote: expect.any(Uint8Array),
    });
    expect(Buffer.from(JSON.stringify(stored)).toString('latin1')).not.toMatch(/CSAPA|garde/);
    expect(stored.durationMinutes).toBe(entry.durationMinutes);
  });

  it('seals a referral’s reason and the text of its decline, and keeps the coded decline reason', async () => {
    const stored = await sealItem(referralItem(declined), keys);

    expect(stored.reason).toBeUndefined();
    expect(stored.decline).toEqual({ reason: 'no-capacity' });
    expect(Object.keys(stored.sealed ?? {}).sort()).toEqual(['decline.text', 'reason']);
  });

  it('opens the item back into the entity it was', async () => {
    const stored = await sealItem(referralItem(declined), keys);

    const opened = await openItem(stored, keys);

    expect(referral.parse(stripKeys(opened))).toEqual(declined);
  });

  it('reads as placeholders, schema-valid, where no key opens it', async () => {
    const stored = await sealItem(journalEntryItem(fixtureIds.tenantId, entry), keys);

    const read = journalEntry.parse(stripKeys(stored));

    expect(read.summary).toBe(sealedPlaceholder);
    expect(read.privateNote).toBe(sealedPlaceholder);
    expect(withPlaceholders({ type: 'alert', label: 'x' })).toEqual({ type: 'alert', label: 'x' });
  });

  it('reads a note whose key was destroyed as a French stand-in, or keeps its bytes for an archive', async () => {
    const otherTenant = '0192f0a0-0000-7000-8000-0000000000ee';
    const stored = await sealItem(journalEntryItem(otherTenant, entry), keys);
    await keys.destroy(otherTenant);

    const opened = await openItem(stored, keys);
    const kept = await openItem(stored, keys, { keepUnreadable: true });

    expect(opened.summary).toBe(unreadableNote['key-destroyed']);
    expect(journalEntry.parse(stripKeys(opened)).id).toBe(entry.id);
    expect(kept.summary).toBeUndefined();
    expect(kept.sealed).toEqual(stored.sealed);
  });

  it('refuses to seal a stand-in read back, which would replace the note for good', async () => {
    const read = { ...entry, summary: sealedPlaceholder };

    await expect(sealItem(journalEntryItem(fixtureIds.tenantId, read), keys)).rejects.toThrow(
      StandInWriteError,
    );
  });

  it('refuses a partial update that would set a note in clear', () => {
    const key = { PK: `TENANT#${fixtureIds.tenantId}`, SK: `REFERRAL#${fixtureIds.caseId}` };

    expect(() => assertNoClearNotes(key, { reason: 'en clair' })).toThrow(TypeError);
    expect(() => assertNoClearNotes(key, { decline: { reason: 'other' } })).toThrow(TypeError);
    expect(() => assertNoClearNotes(key, { status: 'withdrawn' })).not.toThrow();
    // The prescriber's follow-up has the same sort key, in its organisation's partition.
    expect(() =>
      assertNoClearNotes({ PK: `ORG#${fixtureIds.orgId}`, SK: key.SK }, { reason: 'x' }),
    ).not.toThrow();
  });
});
