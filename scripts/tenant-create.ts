/**
 * `npm run tenant:create -- …`: the platform operator's way to create a structure (a tenant) and
 * its structure-admin, or with `--prescriber-org` a prescriber organisation and its first
 * prescriber, in the table named by TABLE_NAME (DYNAMODB_ENDPOINT for DynamoDB Local). With
 * USER_POOL_ID set, the first user gets a Cognito account and its invitation; without it, the
 * user item is the whole account (the local development issuer). Prints the new ids.
 */

import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig, loadUserPoolId } from '../shared/config.ts';
import { runInScope, systemScope } from '../shared/data/scope.ts';
import { makeGuardedDocumentClient } from '../shared/data/scope-guard.ts';
import { AppError, type InvalidField, ValidationError } from '../shared/errors.ts';
import {
  type IdentityProvisioner,
  makeCognitoIdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../shared/identity/provisioner.ts';
import { regionOf } from '../shared/measure/territory.ts';
import { prescriberKinds, structureKinds } from '../shared/measure/vocabulary.ts';
import { makeCreatePrescriberOrganisation } from '../shared/organisations/create-prescriber-organisation.ts';
import { makeCreateStructure } from '../shared/organisations/create-structure.ts';
import { defaultSettings, type PlatformActor } from '../shared/use-case.ts';
import { operatorTenantKeys } from './local-connection.ts';

const usage = `Usage :
  npm run tenant:create -- --name <nom> --siret <14 chiffres> --kind <association|siae|training-body|other>
    --departement <code> [--region <code>] --capacity <places> --amount-cents <montant par accompagnement>
    --esf-percent <part FSE> [--state-percent <part État, 100 - FSE par défaut>]
    --admin-email <adresse> --admin-first-name <prénom> --admin-last-name <nom>
  npm run tenant:create -- --prescriber-org --name <nom> --kind <france-travail|mission-locale|…>
    --departement <code> [--region <code>] --admin-email <adresse> --admin-first-name <prénom> --admin-last-name <nom>

Variables : TABLE_NAME (obligatoire), DYNAMODB_ENDPOINT (DynamoDB Local), AWS_REGION,
USER_POOL_ID (comptes Cognito ; sans elle, le compte est celui de l’émetteur local),
APPUI_NOTE_KEYS=kms (la clé KMS de la structure en AWS ; sinon un fichier sous .data/keys).`;

const options = {
  'prescriber-org': { type: 'boolean' },
  name: { type: 'string' },
  siret: { type: 'string' },
  kind: { type: 'string' },
  region: { type: 'string' },
  departement: { type: 'string' },
  capacity: { type: 'string' },
  'amount-cents': { type: 'string' },
  'esf-percent': { type: 'string' },
  'state-percent': { type: 'string' },
  'admin-email': { type: 'string' },
  'admin-first-name': { type: 'string' },
  'admin-last-name': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flag = Exclude<keyof typeof options, 'prescriber-org' | 'help'>;
const structureOnly: Flag[] = ['siret', 'capacity', 'amount-cents', 'esf-percent', 'state-percent'];

/** The flag each field of the use cases' input comes from, to say what to fix. */
const flagOfField: Record<string, string> = {
  name: '--name',
  siret: '--siret',
  kind: '--kind',
  territory: '--region, --departement',
  'territory.region': '--region',
  'territory.departement': '--departement',
  capacity: '--capacity',
  conventionAmountPerSupportCents: '--amount-cents',
  cofinancing: '--esf-percent, --state-percent',
  'cofinancing.esfPercent': '--esf-percent',
  'cofinancing.statePercent': '--state-percent',
  firstUser: '--admin-email, --admin-first-name, --admin-last-name',
  'firstUser.email': '--admin-email',
  'firstUser.firstName': '--admin-first-name',
  'firstUser.lastName': '--admin-last-name',
};

/** A usage mistake found before anything is sent: the flags to fix, with why. */
class FlagsError extends Error {
  override readonly name = 'FlagsError';
  constructor(readonly problems: { flag: string; reason: string }[]) {
    super(problems.map((problem) => `${problem.flag}: ${problem.reason}`).join('; '));
  }
}

type Request =
  | { prescriberOrg: false; kind: (typeof structureKinds.codes)[number]; values: Values }
  | { prescriberOrg: true; kind: (typeof prescriberKinds.codes)[number]; values: Values };
type Values = Partial<Record<Flag, string>>;

function oneOf<T extends string>(codes: readonly T[], value: string | undefined): T | undefined {
  return codes.find((code) => code === value);
}

function readFlags(args: string[]): Request | 'help' {
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  const { 'prescriber-org': prescriberOrg = false, help = false, ...given } = values;
  if (help) return 'help';
  const problems: { flag: string; reason: string }[] = [];
  const required: Flag[] = [
    'name',
    'kind',
    'departement',
    'admin-email',
    'admin-first-name',
    'admin-last-name',
    ...(prescriberOrg ? [] : structureOnly.filter((flag) => flag !== 'state-percent')),
  ];
  for (const flag of required) {
    if (given[flag] === undefined) problems.push({ flag: `--${flag}`, reason: 'obligatoire' });
  }
  for (const flag of prescriberOrg ? structureOnly : []) {
    if (given[flag] !== undefined) {
      problems.push({
        flag: `--${flag}`,
        reason: 'sans objet pour une organisation prescriptrice',
      });
    }
  }
  for (const flag of integerFlags) {
    const text = given[flag];
    if (text !== undefined && !isInteger(text)) {
      problems.push({ flag: `--${flag}`, reason: `nombre entier attendu, « ${text} » reçu` });
    }
  }
  const structureKind = oneOf(structureKinds.codes, given.kind);
  const prescriberKind = oneOf(prescriberKinds.codes, given.kind);
  const request: Request | undefined = prescriberOrg
    ? prescriberKind && { prescriberOrg, kind: prescriberKind, values: given }
    : structureKind && { prescriberOrg, kind: structureKind, values: given };
  if (given.kind !== undefined && request === undefined) {
    const codes = prescriberOrg ? prescriberKinds.codes : structureKinds.codes;
    problems.push({ flag: '--kind', reason: `un de ${codes.join(', ')}` });
  }
  if (problems.length > 0 || request === undefined) throw new FlagsError(problems);
  return request;
}

const integerFlags: Flag[] = ['capacity', 'amount-cents', 'esf-percent', 'state-percent'];

function isInteger(text: string): boolean {
  return /^-?\d+$/.test(text.trim());
}

/** A whole number from its flag (checked by `readFlags`); NaN when absent, which the use case refuses. */
function integer(text: string | undefined): number {
  return text !== undefined && isInteger(text) ? Number(text) : Number.NaN;
}

function identityProvisioner(region: string): {
  provisioner: IdentityProvisioner;
  described: string;
  close: () => void;
} {
  const userPoolId = loadUserPoolId();
  if (userPoolId === undefined) {
    return {
      provisioner: makeTableIdentityProvisioner(),
      described: 'compte local (émetteur de développement)',
      close: () => undefined,
    };
  }
  const client = new CognitoIdentityProviderClient({ region });
  return {
    provisioner: makeCognitoIdentityProvisioner({ client, userPoolId }),
    described: `compte Cognito (${userPoolId}), invitation envoyée par e-mail`,
    close: () => client.destroy(),
  };
}

async function create(request: Request): Promise<string[]> {
  const config = loadConfig();
  const identity = identityProvisioner(config.region);
  const db = makeGuardedDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const deps = {
    db,
    tableName: config.tableName,
    // A new structure gets its key here: KMS in AWS (APPUI_NOTE_KEYS=kms), a key file locally.
    tenantKeys: operatorTenantKeys(config),
    now: () => new Date(),
    settings: defaultSettings,
  };
  const operator: PlatformActor = { role: 'platform-admin', userId: 'tenant:create' };
  const { values } = request;
  const departement = values.departement ?? '';
  const territory = { region: values.region ?? regionOf(departement) ?? '', departement };
  const firstUser = {
    email: values['admin-email'] ?? '',
    firstName: values['admin-first-name'] ?? '',
    lastName: values['admin-last-name'] ?? '',
  };
  try {
    return await runInScope(systemScope('tenant:create'), async () => {
      if (request.prescriberOrg) {
        const created = await makeCreatePrescriberOrganisation(deps, identity.provisioner)(
          operator,
          { name: values.name ?? '', kind: request.kind, territory, firstUser },
        );
        return [
          `Organisation prescriptrice « ${created.organisation.name} » créée dans ${config.tableName}.`,
          `orgId: ${created.organisation.id}`,
          `userId: ${created.firstUser.id} (${created.firstUser.email}, ${created.firstUser.role}, ${identity.described})`,
        ];
      }
      const esfPercent = integer(values['esf-percent']);
      const created = await makeCreateStructure(deps, identity.provisioner)(operator, {
        name: values.name ?? '',
        siret: values.siret ?? '',
        kind: request.kind,
        territory,
        capacity: integer(values.capacity),
        conventionAmountPerSupportCents: integer(values['amount-cents']),
        cofinancing: {
          esfPercent,
          statePercent:
            values['state-percent'] === undefined
              ? 100 - esfPercent
              : integer(values['state-percent']),
        },
        firstUser,
      });
      return [
        `Structure « ${created.structure.name} » créée dans ${config.tableName} (${created.structure.timeZone}).`,
        `tenantId: ${created.structure.id}`,
        `userId: ${created.firstUser.id} (${created.firstUser.email}, ${created.firstUser.role}, ${identity.described})`,
      ];
    });
  } finally {
    db.destroy();
    identity.close();
  }
}

/** What went wrong, in one block a person can act on; never a stack trace. */
function explain(error: unknown): string {
  if (error instanceof FlagsError) {
    return [
      'Paramètres manquants ou invalides : rien n’a été créé.',
      ...error.problems.map((problem) => `  ${problem.flag} : ${problem.reason}`),
      '',
      usage,
    ].join('\n');
  }
  if (error instanceof ValidationError) {
    return [
      'Données invalides : rien n’a été créé.',
      ...error.invalidFields.map(describeField),
    ].join('\n');
  }
  if (error instanceof AppError) return `Refusé : ${error.message}`;
  if (
    error instanceof Error &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    return `${error.message}\n\n${usage}`;
  }
  if (error instanceof Error) return `tenant:create a échoué : ${error.name}: ${error.message}`;
  return `tenant:create a échoué : ${String(error)}`;
}

function describeField(field: InvalidField): string {
  const flag = flagOfField[field.name];
  return `  ${field.name}${flag === undefined ? '' : ` (${flag})`} : ${field.reason}`;
}

async function main(): Promise<void> {
  try {
    const request = readFlags(process.argv.slice(2));
    if (request === 'help') {
      console.log(usage);
      return;
    }
    console.log((await create(request)).join('\n'));
  } catch (error: unknown) {
    console.error(explain(error));
    process.exitCode = 1;
  }
}

await main();
