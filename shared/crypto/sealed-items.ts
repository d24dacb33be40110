/**
 * Which fields of which items are sealed, and the one way they are sealed and opened. The data
 * layer seals an item's notes where a write is sent (write.ts) and opens them where a store reads
 * (case-store.ts, referral-store.ts): use cases and routes work with clear entities. In the table
 * a sealed item holds no clear value of those fields, only `sealed`: a map of field → ciphertext
 * (binary), each bound to its tenant, field and item.
 *
 * This module knows the port (tenant-keys.ts), not the SDK: the functions that never open a note
 * (stream projector, retention, sweep) bundle no cryptography.
 */
import { logger } from '../logger.ts';
import {
  type NoteBinding,
  NoteUnreadableError,
  type TenantKeys,
  type UnreadableReason,
} from './tenant-keys.ts';

/** The attribute holding an item's sealed fields. */
export const sealedAttribute = 'sealed';

/** The free text of each item type that never reaches the table in clear (paths into the entity). */
export const sealedFields: Readonly<Record<string, readonly string[]>> = {
  referral: ['reason', 'decline.text'],
  'journal-entry': ['summary', 'privateNote'],
  'barrier-scores': ['notes'],
};

/** What a sealed field reads as where it is not opened (statistics, sweep, retention). */
export const sealedPlaceholder = '[note chiffrée]';

/**
 * What a sealed field reads as when it can never be opened again: the rest of the item (and of
 * the case file) reads as usual, and the note says why it is missing.
 */
export const unreadableNote: Readonly<Record<UnreadableReason, string>> = {
  'key-destroyed': '[Note illisible : la clé de chiffrement de la structure a été détruite.]',
  'not-this-note': '[Note illisible : son chiffrement ne correspond pas à ce dossier.]',
};

const standIns: ReadonlySet<string> = new Set([
  sealedPlaceholder,
  ...Object.values(unreadableNote),
]);

/** Whether a value is one of the stand-ins above rather than a note someone wrote. */
export function isStandIn(value: unknown): boolean {
  return typeof value === 'string' && standIns.has(value);
}

/** A stand-in read back must never be sealed as if it were the note: the note would be lost. */
export class StandInWriteError extends Error {
  override readonly name = 'StandInWriteError';
  constructor(type: string, field: string) {
    super(`the ${field} of a ${type} holds a stand-in, not a note: refusing to seal it`);
  }
}

type Fields = Record<string, unknown>;
/** An item as write.ts sends it. */
export type StoredItem = Fields & { PK: string; SK: string; type: string };

function fieldsOf(type: unknown): readonly string[] {
  return typeof type === 'string' ? (sealedFields[type] ?? []) : [];
}

/** The tenant of an item in a tenant's own partition (`TENANT#<id>`). */
function tenantOf(partitionKey: unknown): string {
  const tenant =
    typeof partitionKey === 'string' ? /^TENANT#([^#]+)$/.exec(partitionKey)?.[1] : undefined;
  if (tenant === undefined) throw new RangeError('a sealed item lives in a tenant’s own partition');
  return tenant;
}

function isFields(value: unknown): value is Fields {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

function read(item: Fields, path: string): unknown {
  let value: unknown = item;
  for (const name of path.split('.')) {
    if (!isFields(value)) return undefined;
    value = value[name];
  }
  return value;
}

/** A copy of `item` with `path` set to `value` (removed when undefined); the parents are copied. */
function write(item: Fields, path: string, value: unknown): Fields {
  const [name = '', ...rest] = path.split('.');
  const copy = { ...item };
  if (rest.length === 0) {
    if (value === undefined) delete copy[name];
    else copy[name] = value;
    return copy;
  }
  const parent = copy[name];
  if (!isFields(parent)) return copy;
  copy[name] = write(parent, rest.join('.'), value);
  return copy;
}

/** Whether the item has fields to seal (its type has some, and it holds one of them). */
export function hasNotes(item: Fields): boolean {
  return fieldsOf(item.type).some((path) => read(item, path) !== undefined);
}

/**
 * The item as the table must hold it: each note of its type sealed into `sealed`, its clear value
 * gone. Items of other types are returned as they are.
 */
export async function sealItem(item: StoredItem, keys: TenantKeys): Promise<StoredItem> {
  const present = fieldsOf(item.type).flatMap((path) => {
    const value = read(item, path);
    if (value === undefined) return [];
    if (typeof value !== 'string') throw new TypeError(`the ${path} of a ${item.type} is not text`);
    if (isStandIn(value)) throw new StandInWriteError(item.type, path);
    return [{ path, value }];
  });
  if (present.length === 0) return item;
  const tenantId = tenantOf(item.PK);
  // One after the other: the first note's data key, cached, serves the next (one KMS call).
  const sealed: [string, Uint8Array][] = [];
  for (const { path, value } of present) {
    sealed.push([path, await keys.seal(tenantId, { field: path, item: item.SK }, value)]);
  }
  let stored: Fields = { ...item, [sealedAttribute]: Object.fromEntries(sealed) };
  for (const { path } of present) stored = write(stored, path, undefined);
  return { ...stored, PK: item.PK, SK: item.SK, type: item.type };
}

/** The sealed map of a stored item, checked: field path → ciphertext. */
function sealedOf(item: Fields): [string, Uint8Array][] {
  const sealed = item[sealedAttribute];
  if (sealed === undefined) return [];
  if (!isFields(sealed)) throw new TypeError('the sealed attribute of an item is not a map');
  return Object.entries(sealed).map(([path, bytes]) => {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`the sealed ${path} is not binary`);
    return [path, bytes];
  });
}

export interface OpenOptions {
  /**
   * Keep in `sealed` what cannot be opened (and leave its field absent) instead of writing the
   * unreadable stand-in: for an archive that keeps what the table held.
   */
  keepUnreadable?: boolean;
}

/**
 * The item with its notes in clear, `sealed` gone; an item without `sealed` (written before notes
 * were sealed, or of another type) is returned as it is. A note that will never open reads as
 * `unreadableNote[reason]`; a failure that may pass (KMS unavailable) is thrown.
 */
export async function openItem(
  item: Record<string, unknown>,
  keys: TenantKeys,
  options: OpenOptions = {},
): Promise<Record<string, unknown>> {
  const sealed = sealedOf(item);
  if (sealed.length === 0) return item;
  const tenantId = tenantOf(item.PK);
  const binding = (field: string): NoteBinding => ({ field, item: String(item.SK) });
  const opened: (
    | { path: string; text: string }
    | { path: string; bytes: Uint8Array; unreadable: UnreadableReason }
  )[] = [];
  for (const [path, bytes] of sealed) {
    try {
      opened.push({ path, text: await keys.unseal(tenantId, binding(path), bytes) });
    } catch (error: unknown) {
      if (!(error instanceof NoteUnreadableError)) throw error;
      logger.warn('sealed note unreadable', {
        itemType: String(item.type),
        field: path,
        why: error.reason,
      });
      opened.push({ path, bytes, unreadable: error.reason });
    }
  }
  let clear: Fields = { ...item };
  delete clear[sealedAttribute];
  const kept: [string, Uint8Array][] = [];
  for (const note of opened) {
    if ('text' in note) clear = write(clear, note.path, note.text);
    else if (options.keepUnreadable === true) kept.push([note.path, note.bytes]);
    else clear = write(clear, note.path, unreadableNote[note.unreadable]);
  }
  return kept.length > 0 ? { ...clear, [sealedAttribute]: Object.fromEntries(kept) } : clear;
}

/**
 * The item with each sealed field read as `sealedPlaceholder`, `sealed` gone, without any key:
 * for readers that never need a note (the schemas still find the fields they require).
 */
export function withPlaceholders(item: Record<string, unknown>): Record<string, unknown> {
  const sealed = sealedOf(item);
  if (sealed.length === 0) return item;
  let shown: Fields = { ...item };
  delete shown[sealedAttribute];
  for (const [path] of sealed) shown = write(shown, path, sealedPlaceholder);
  return shown;
}

/** Throws when a partial update of the item at `key` would set one of its sealed fields in clear. */
export function assertNoClearNotes(key: { PK: string; SK: string }, values: Fields): void {
  if (!key.PK.startsWith('TENANT#')) return;
  const type = key.SK.startsWith('REFERRAL#')
    ? 'referral'
    : key.SK.includes('#JOURNAL#')
      ? 'journal-entry'
      : key.SK.includes('#SCORES#')
        ? 'barrier-scores'
        : undefined;
  for (const path of fieldsOf(type)) {
    const [top = ''] = path.split('.');
    if (top in values || sealedAttribute in values) {
      throw new TypeError(`a partial update may not set the sealed ${path} of a ${type}`);
    }
  }
}
