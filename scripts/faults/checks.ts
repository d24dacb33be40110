/**
 * What `npm run faults` checks after the storm, with a client no fault reaches: each answer was
 * a success or a proper 503; each transaction is whole or absent; the counters are those a
 * rebuild computes; no personal value reached a log. Reading the whole table with Scan is fine
 * here: this is a test bench, not a request path.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DemoData } from '../../infra/local/demo-data.ts';
import { ensureTable } from '../../infra/local/table.ts';
import { runInScope, systemScope } from '../../shared/data/scope.ts';
import { rebuildStatistics } from '../../shared/stats/rebuild.ts';
import type { Outcome, StormResult } from './storm.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

type StoredItem = Record<string, unknown>;

export async function scanAll(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** A copy of the table as it is now, for a fault-free sweep to compare with. */
export async function copyTable(
  db: DynamoDBDocumentClient,
  client: DynamoDBClient,
  from: string,
  to: string,
): Promise<void> {
  await ensureTable(client, to);
  await putAll(db, to, await scanAll(db, from));
}

/** BatchWrite in chunks of 25, again with what DynamoDB leaves unprocessed. */
export async function putAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly StoredItem[],
): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let batch: StoredItem[] = items.slice(start, start + 25);
    while (batch.length > 0) {
      const answer: BatchWriteCommandOutput = await db.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      batch = (answer.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item === undefined ? [] : [request.PutRequest.Item],
      );
    }
  }
}

const text = (item: StoredItem, name: string): string | undefined => {
  const value = item[name];
  return typeof value === 'string' ? value : undefined;
};

/** Every alert of the table: key → status. */
export async function alertStates(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const item of await scanAll(db, tableName)) {
    if (item.type !== 'alert') continue;
    states.set(`${text(item, 'PK')} ${text(item, 'SK')}`, text(item, 'status') ?? '?');
  }
  return states;
}

/** Every answer was a success or a 503 problem+json with Retry-After; never a 500. */
export function checkOutcomes(outcomes: readonly Outcome[]): Check[] {
  const wrong = outcomes.filter((outcome) => outcome.wrong !== undefined);
  const byAction = new Map<string, number>();
  for (const outcome of outcomes)
    byAction.set(outcome.action, (byAction.get(outcome.action) ?? 0) + 1);
  return [
    {
      name: `chaque réponse est un succès ou un 503 problem+json avec Retry-After (${outcomes.length} requêtes : ${[...byAction.entries()].map(([action, count]) => `${action} ${count}`).join(', ')})`,
      ok: wrong.length === 0,
      detail:
        wrong.length === 0
          ? undefined
          : wrong
              .slice(0, 10)
              .map((outcome) => `${outcome.action} (essai ${outcome.attempt}) : ${outcome.wrong}`)
              .join(' ; '),
    },
    {
      name: 'aucune réponse 500',
      ok: outcomes.every((outcome) => outcome.status < 500 || outcome.status === 503),
    },
  ];
}

/**
 * Each transaction whole or absent, read back without faults: a referral and its prescriber's
 * follow-up agree; an accepted referral has its case and a declined one none; each change of a
 * case moved its version once and wrote its access-log line, and each contact its journal entry;
 * an exit reached the referral and the follow-up; each structure counts its open cases; one
 * referral per Idempotency-Key.
 */
export async function checkConsistency(
  db: DynamoDBDocumentClient,
  tableName: string,
  storm: StormResult,
): Promise<Check[]> {
  const items = await scanAll(db, tableName);
  const ofType = (type: string) => items.filter((item) => item.type === type);
  const referrals = new Map(ofType('referral').map((item) => [text(item, 'id'), item]));
  const followUps = new Map(ofType('referral-follow-up').map((item) => [text(item, 'id'), item]));
  const cases = new Map(ofType('case').map((item) => [text(item, 'id'), item]));
  const caseWrites = new Map<string, number>();
  const journalWrites = new Map<string, number>();
  for (const line of ofType('access-log')) {
    const action = text(line, 'action') ?? '';
    const caseId = text(line, 'caseId') ?? '';
    if (action.startsWith('write:') && action !== 'write:open') {
      caseWrites.set(caseId, (caseWrites.get(caseId) ?? 0) + 1);
    }
    if (action === 'write:journal') journalWrites.set(caseId, (journalWrites.get(caseId) ?? 0) + 1);
  }
  const journalEntries = new Map<string, number>();
  for (const entry of ofType('journal-entry')) {
    const caseId = text(entry, 'caseId') ?? '';
    journalEntries.set(caseId, (journalEntries.get(caseId) ?? 0) + 1);
  }

  const problems: string[] = [];
  for (const id of storm.referralIds) {
    const referral = referrals.get(id);
    const followUp = followUps.get(id);
    const supportCase = cases.get(id);
    if (referral === undefined || followUp === undefined) {
      problems.push(`prescription ${id} : ${referral === undefined ? 'absente' : 'sans suivi'}`);
      continue;
    }
    if (referral.status !== followUp.status) {
      problems.push(
        `prescription ${id} : ${String(referral.status)}, suivi ${String(followUp.status)}`,
      );
    }
    if ((referral.status === 'accepted') !== (supportCase !== undefined)) {
      problems.push(
        `prescription ${id} : ${String(referral.status)} et ${supportCase === undefined ? 'sans' : 'avec'} dossier`,
      );
    }
    if (supportCase === undefined) continue;
    const version = Number(supportCase.version);
    const writes = caseWrites.get(id) ?? 0;
    if (version !== 1 + writes) {
      problems.push(
        `dossier ${id} : version ${version} pour ${writes} modification(s) journalisée(s)`,
      );
    }
    if ((journalEntries.get(id) ?? 0) !== (journalWrites.get(id) ?? 0)) {
      problems.push(
        `dossier ${id} : ${journalEntries.get(id) ?? 0} entrée(s) de journal pour ${journalWrites.get(id) ?? 0} écriture(s)`,
      );
    }
    const exit = supportCase.exit;
    const outcome =
      typeof exit === 'object' && exit !== null && 'outcome' in exit
        ? String(exit.outcome)
        : undefined;
    if (outcome !== referral.exitOutcome || outcome !== followUp.exitOutcome) {
      problems.push(
        `dossier ${id} : sortie ${outcome ?? 'aucune'}, prescription ${String(referral.exitOutcome ?? 'aucune')}, suivi ${String(followUp.exitOutcome ?? 'aucune')}`,
      );
    }
  }

  for (const structure of ofType('structure')) {
    const tenantId = text(structure, 'id');
    const open = [...cases.values()].filter(
      (item) => item.tenantId === tenantId && item.phase !== 'exited',
    ).length;
    if (Number(structure.activeCases ?? 0) !== open) {
      problems.push(
        `structure ${tenantId} : activeCases ${String(structure.activeCases)} pour ${open} dossier(s) ouvert(s)`,
      );
    }
  }

  const byPerson = new Map<string, number>();
  for (const referral of referrals.values()) {
    const person = referral.person;
    const email =
      typeof person === 'object' && person !== null && 'email' in person
        ? String(person.email)
        : '';
    byPerson.set(email, (byPerson.get(email) ?? 0) + 1);
  }
  const duplicated = storm.people.filter((person) => (byPerson.get(person.email) ?? 0) > 1);

  return [
    {
      name: `chaque transaction entière ou absente (${storm.referralIds.length} prescriptions, ${storm.referralIds.filter((id) => cases.has(id)).length} dossiers, structures, suivis)`,
      ok: problems.length === 0,
      detail: problems.length === 0 ? undefined : problems.slice(0, 10).join(' ; '),
    },
    {
      name: 'une seule prescription par Idempotency-Key, même après des 503',
      ok: duplicated.length === 0,
      detail: duplicated.length === 0 ? undefined : `${duplicated.length} personne(s) en double`,
    },
  ];
}

/** The counters the projector kept equal those a rebuild computes from the records. */
export async function checkStatistics(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<Check> {
  const report = await runInScope(systemScope('faults: statistics check'), () =>
    rebuildStatistics({ db, tableName }, { write: false }),
  );
  return {
    name: `compteurs statistiques égaux à stats:rebuild --check (${report.rowsCompared} lignes, ${report.sources} prescriptions)`,
    ok: report.differences.length === 0,
    detail:
      report.differences.length === 0 ? undefined : report.differences.slice(0, 10).join(' ; '),
  };
}

/** The people of the demo world: full names, phones, e-mails. */
export function demoSecrets(demo: DemoData): string[] {
  return demo.referrals.flatMap((referral) => [
    `${referral.person.firstName} ${referral.person.lastName}`,
    ...(referral.person.phone === undefined ? [] : [referral.person.phone]),
    ...(referral.person.email === undefined ? [] : [referral.person.email]),
  ]);
}

/** A log line's message alone (never the values it carries: they are what leaked). */
function messageOf(line: string): string {
  try {
    const parsed: unknown = JSON.parse(line);
    const message =
      typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'message') : undefined;
    return typeof message === 'string' ? message : 'ligne JSON sans message';
  } catch {
    return 'ligne hors JSON';
  }
}

export function checkLogs(lines: readonly string[], secrets: readonly string[]): Check {
  const distinct = [...new Set(secrets.filter((secret) => secret.length >= 6))];
  const leaks = lines.filter((line) => distinct.some((secret) => line.includes(secret)));
  return {
    name: `aucune donnée personnelle dans les journaux (${lines.length} lignes, ${distinct.length} valeurs cherchées)`,
    ok: leaks.length === 0 && lines.length > 0,
    detail:
      leaks.length === 0
        ? undefined
        : `${leaks.length} ligne(s), de messages : ${[...new Set(leaks.map(messageOf))].join(', ')}`,
  };
}
