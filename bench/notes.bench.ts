/**
 * What reading a case file's notes costs: a year of weekly journal entries (52 summaries and 52
 * private notes) sealed with a structure's key, opened once as a first read does, then again as
 * each later read within five minutes does (shared/crypto/opened-notes.ts).
 * - `api.notes_open_ms.first`: opening all 104 notes the first time (each an Encryption SDK
 *   message); budget 250 ms, for a page that must stay quick on a cold container;
 * - `api.notes_open_ratio`: a later read against the first (same run, same machine); budget 0.1.
 * Median of 5 runs, each with its own key and cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../shared/common/ids.ts';
import { makeLocalTenantKeys } from '../shared/crypto/local-keys.ts';
import { withOpenedNotes } from '../shared/crypto/opened-notes.ts';
import { figure } from './figures.ts';

const notes = 104;
const runs = 5;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dir = mkdtempSync(join(tmpdir(), 'appui-notes-bench-'));
const first: number[] = [];
const later: number[] = [];
try {
  for (let run = 0; run < runs; run += 1) {
    const keys = withOpenedNotes(makeLocalTenantKeys(dir));
    const tenantId = newId();
    await keys.provision(tenantId);
    const places = Array.from({ length: notes }, (_, index) => ({
      field: index % 2 === 0 ? 'summary' : 'privateNote',
      item: `CASE#${tenantId}#JOURNAL#2026-01-${String((index % 28) + 1).padStart(2, '0')}#${index}`,
    }));
    const sealed = await Promise.all(
      places.map((place, index) =>
        keys.seal(
          tenantId,
          place,
          `Entretien n° ${index} : point sur les démarches de logement, la santé et la formation.`,
        ),
      ),
    );
    const openAll = async () => {
      const started = performance.now();
      for (const [index, place] of places.entries()) {
        const bytes = sealed[index];
        if (bytes !== undefined) await keys.unseal(tenantId, place, bytes);
      }
      return performance.now() - started;
    };
    first.push(await openAll());
    later.push(await openAll());
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(figure('api.notes_open_ms.first', Math.round(median(first)), 'ms', '<=', 250));
console.log(figure('api.notes_open_ratio', median(later) / median(first), 'ratio', '<=', 0.1));
