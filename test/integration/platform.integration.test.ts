import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, demoAccounts } from '../../infra/local/demo-data.ts';
import { seedDemoData } from '../../infra/local/seed.ts';
import type { Principal } from '../../shared/auth/principal.ts';
import { parseOrRefuse } from '../../shared/common/validation.ts';
import { toDocumentClient } from '../../shared/data/client.ts';
import { orgPrefix, tenantPrefix } from '../../shared/data/keys.ts';
import { runInScope, scopeFor, systemScope } from '../../shared/data/scope.ts';
import { guardClient } from '../../shared/data/scope-guard.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { defaultDeadlineSettings } from '../../shared/deadlines/deadline-settings.ts';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import { emailClaimKey } from '../../shared/identity/email-claim.ts';
import { invitationInput, makeInviteUser } from '../../shared/identity/invite-user.ts';
import { makeListTeam } from '../../shared/identity/list-team.ts';
import {
  type IdentityClaims,
  type IdentityProvisioner,
  makeTableIdentityProvisioner,
} from '../../shared/identity/provisioner.ts';
import type { StructureAdminActor } from '../../shared/identity/team-member.ts';
import { type User, userByEmailIndexKeys, userKey } from '../../shared/identity/user.ts';
import {
  makeCreatePrescriberOrganisation,
  type NewPrescriberOrganisationInput,
} from '../../shared/organisations/create-prescriber-organisation.ts';
import {
  makeCreateStructure,
  type NewStructureInput,
} from '../../shared/organisations/create-structure.ts';
import { prescriberOrgKey } from '../../shared/organisations/prescriber-organisation.ts';
import { listDirectory } from '../../shared/referrals/referral-store.ts';
import { defaultSettings, type PlatformActor, type UseCaseDeps } from '../../shared/use-case.ts';
import { aRecordingMailer } from '../support/mailer.ts';
import { aFreshTable } from '../support/table.ts';

const now = new Date('2026-11-23T09:00:00Z');
const platformAdmin: PlatformActor = { role: 'platform-admin', userId: randomUUID() };
const { byOwner } = tableDefinition.indexes;

/** A world on its own fresh table, its client guarded as the API's is. */
async function aWorld(): Promise<UseCaseDeps> {
  const { client, tableName } = await aFreshTable();
  const db = toDocumentClient(guardClient(client));
  return { db, tableName, now: () => now, settings: defaultSettings };
}

const as = <T>(principal: Principal, fn: () => Promise<T>): Promise<T> =>
  runInScope(scopeFor(principal), fn);
const asSystem = <T>(fn: () => Promise<T>): Promise<T> =>
  runInScope(systemScope('test: reading back'), fn);

/** A provisioner that remembers whom it was asked for, and fails when told to. */
function aRecordingProvisioner(failure?: Error) {
  const provisioned: { user: User; claims: IdentityClaims }[] = [];
  const provisioner: IdentityProvisioner = {
    provision: async (user, claims) => {
      if (failure !== undefined) throw failure;
      provisioned.push({ user, claims });
    },
  };
  return { provisioner, provisioned };
}

const anEmail = (who: string) => `${who}.${randomUUID().slice(0, 8)}@appui.test`;

function aStructure(overrides: Partial<NewStructureInput> = {}): NewStructureInput {
  return {
    name: `Association ${randomUUID().slice(0, 6)}`,
    siret: '73282932000074',
    kind: 'association',
    territory: { region: '04', departement: '974' },
    capacity: 40,
    conventionAmountPerSupportCents: 80_000,
    cofinancing: { esfPercent: 70, statePercent: 30 },
    firstUser: { email: anEmail('direction'), firstName: 'Nadia', lastName: 'Grondin' },
    ...overrides,
  };
}

function anOrganisation(
  overrides: Partial<NewPrescriberOrganisationInput> = {},
): NewPrescriberOrganisationInput {
  return {
    name: 'Mission locale du Nord',
    kind: 'mission-locale',
    territory: { region: '04', departement: '974' },
    firstUser: { email: anEmail('conseiller'), firstName: 'Patrick', lastName: 'Fontaine' },
    ...overrides,
  };
}

function adminOf(user: User): StructureAdminActor {
  if (user.tenantId === undefined) throw new Error('not a structure user');
  return { role: 'structure-admin', userId: user.id, tenantId: user.tenantId };
}

function prescriberIn(region: string): Principal {
  return {
    role: 'prescriber',
    userId: randomUUID(),
    orgId: randomUUID(),
    region,
    departements: [],
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a refusal, but it went through');
}

async function itemAt(deps: UseCaseDeps, key: { PK: string; SK: string }) {
  const { Item } = await asSystem(() =>
    deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true })),
  );
  return Item;
}

/** Users at an address, as the local issuer looks them up to sign in (GSI2). */
async function usersByEmail(deps: UseCaseDeps, email: string) {
  const key = userByEmailIndexKeys(email);
  const { Items = [] } = await asSystem(() =>
    deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: byOwner.name,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': byOwner.partitionKey, '#sk': byOwner.sortKey },
        ExpressionAttributeValues: {
          ':pk': key[byOwner.partitionKey],
          ':sk': key[byOwner.sortKey],
        },
      }),
    ),
  );
  return Items;
}

async function itemCount(deps: UseCaseDeps): Promise<number> {
  const { Count = 0 } = await asSystem(() =>
    deps.db.send(new ScanCommand({ TableName: deps.tableName, Select: 'COUNT' })),
  );
  return Count;
}

describe('a platform-admin creating a structure', () => {
  let deps: UseCaseDeps;
  beforeAll(async () => {
    deps = await aWorld();
  });

  it('creates it empty, in its region’s directory, with its structure-admin', async () => {
    const { provisioner, provisioned } = aRecordingProvisioner();
    const input = aStructure();

    const { structure, firstUser } = await as(platformAdmin, () =>
      makeCreateStructure(deps, provisioner)(platformAdmin, input),
    );

    expect(structure).toMatchObject({
      name: input.name,
      territory: { region: '04', departement: '974' },
      timeZone: 'Indian/Reunion',
      activeCases: 0,
      deadlines: defaultDeadlineSettings,
      createdAt: now.toISOString(),
    });
    const directory = await as(prescriberIn('04'), () => listDirectory(deps, '04', undefined));
    expect(directory.map((entry) => entry.id)).toContain(structure.id);
    expect(firstUser).toMatchObject({
      email: input.firstUser.email,
      role: 'structure-admin',
      tenantId: structure.id,
    });
    expect(await itemAt(deps, userKey(tenantPrefix(structure.id), firstUser.id))).toMatchObject({
      role: 'structure-admin',
      tenantId: structure.id,
    });
    expect(await usersByEmail(deps, firstUser.email)).toHaveLength(1);
    expect(await itemAt(deps, emailClaimKey(firstUser.email))).toMatchObject({
      userId: firstUser.id,
    });
    expect(provisioned).toEqual([
      { user: firstUser, claims: { role: 'structure-admin', tenant: structure.id } },
    ]);
  });

  it('keeps the time zone of the structure’s département and the deadlines it is given', async () => {
    const deadlines = { ...defaultDeadlineSettings, silenceDays: 10 };

    const { structure } = await as(platformAdmin, () =>
      makeCreateStructure(deps, makeTableIdentityProvisioner())(
        platformAdmin,
        aStructure({ territory: { region: '03', departement: '973' }, deadlines }),
      ),
    );

    expect(structure.timeZone).toBe('America/Cayenne');
    expect(structure.deadlines).toEqual(deadlines);
  });

  it('refuses a second account at the same address, whatever its case, and writes nothing of it', async () => {
    const create = makeCreateStructure(deps, makeTableIdentityProvisioner());
    const email = anEmail('direction');
    await as(platformAdmin, () =>
      create(platformAdmin, aStructure({ firstUser: { email, firstName: 'A', lastName: 'B' } })),
    );
    const second = aStructure({
      territory: { region: '11', departement: '93' },
      firstUser: { email: email.toUpperCase(), firstName: 'C', lastName: 'D' },
    });

    const error = await rejection(as(platformAdmin, () => create(platformAdmin, second)));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409 });
    const directory = await as(prescriberIn('11'), () => listDirectory(deps, '11', undefined));
    expect(directory.map((entry) => entry.name)).not.toContain(second.name);
    expect(await usersByEmail(deps, email)).toHaveLength(1);
  });

  it('takes back the structure and its admin when the identity cannot be provisioned', async () => {
    const outage = new Error('Cognito ne répond pas');
    const input = aStructure();

    const error = await rejection(
      as(platformAdmin, () =>
        makeCreateStructure(deps, aRecordingProvisioner(outage).provisioner)(platformAdmin, input),
      ),
    );
    const retried = await as(platformAdmin, () =>
      makeCreateStructure(deps, makeTableIdentityProvisioner())(platformAdmin, input),
    );

    expect(error).toBe(outage);
    const directory = await as(prescriberIn('04'), () => listDirectory(deps, '04', undefined));
    expect(directory.filter((entry) => entry.name === input.name)).toEqual([retried.structure]);
    expect(await usersByEmail(deps, input.firstUser.email)).toHaveLength(1);
  });
});

describe('a platform-admin sending invalid data', () => {
  let deps: UseCaseDeps;
  beforeAll(async () => {
    deps = await aWorld();
  });

  it.each([
    ['a SIRET whose check digit is wrong', { siret: '73282932000075' }, 'siret'],
    [
      'an unknown département',
      { territory: { region: '04', departement: '999' } },
      'territory.departement',
    ],
    [
      'a département outside the region',
      { territory: { region: '04', departement: '93' } },
      'territory.departement',
    ],
    [
      'a co-financing that does not make 100 %',
      { cofinancing: { esfPercent: 70, statePercent: 20 } },
      'cofinancing',
    ],
  ] as const)(
    'is told the field when it sends %s, and nothing is written',
    async (_, change, field) => {
      const error = await rejection(
        as(platformAdmin, () =>
          makeCreateStructure(deps, makeTableIdentityProvisioner())(
            platformAdmin,
            aStructure(change),
          ),
        ),
      );

      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ status: 422, invalidFields: [{ name: field }] });
      expect(await itemCount(deps)).toBe(0);
    },
  );

  it('is told every invalid field at once, in French', async () => {
    const error = await rejection(
      as(platformAdmin, () =>
        makeCreateStructure(deps, makeTableIdentityProvisioner())(
          platformAdmin,
          aStructure({
            siret: '123',
            capacity: 0,
            firstUser: { email: 'pas-une-adresse', firstName: 'A', lastName: 'B' },
          }),
        ),
      ),
    );

    expect(error).toBeInstanceOf(ValidationError);
    const fields = error instanceof ValidationError ? error.invalidFields : [];
    expect(fields.map((field) => field.name)).toEqual(['siret', 'capacity', 'firstUser.email']);
    expect(fields[0]?.reason).toBe('14 chiffres attendus');
    expect(await itemCount(deps)).toBe(0);
  });
});

describe('a platform-admin creating a prescriber organisation', () => {
  let deps: UseCaseDeps;
  beforeAll(async () => {
    deps = await aWorld();
  });

  it('creates it with its first prescriber', async () => {
    const { provisioner, provisioned } = aRecordingProvisioner();
    const input = anOrganisation();

    const { organisation, firstUser } = await as(platformAdmin, () =>
      makeCreatePrescriberOrganisation(deps, provisioner)(platformAdmin, input),
    );

    expect(await itemAt(deps, prescriberOrgKey(organisation.id))).toMatchObject({
      name: input.name,
      kind: 'mission-locale',
      territory: { region: '04', departement: '974' },
    });
    expect(await itemAt(deps, userKey(orgPrefix(organisation.id), firstUser.id))).toMatchObject({
      role: 'prescriber',
      orgId: organisation.id,
      email: input.firstUser.email,
    });
    expect(provisioned).toEqual([
      { user: firstUser, claims: { role: 'prescriber', org: organisation.id } },
    ]);
  });

  it('refuses an address a structure’s admin already has', async () => {
    const { firstUser: admin } = await as(platformAdmin, () =>
      makeCreateStructure(deps, makeTableIdentityProvisioner())(platformAdmin, aStructure()),
    );
    const input = anOrganisation({
      firstUser: { email: admin.email, firstName: 'Patrick', lastName: 'Fontaine' },
    });

    const error = await rejection(
      as(platformAdmin, () =>
        makeCreatePrescriberOrganisation(deps, makeTableIdentityProvisioner())(
          platformAdmin,
          input,
        ),
      ),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(await usersByEmail(deps, admin.email)).toHaveLength(1);
  });

  it('refuses a département outside the region', async () => {
    const error = await rejection(
      as(platformAdmin, () =>
        makeCreatePrescriberOrganisation(deps, makeTableIdentityProvisioner())(
          platformAdmin,
          anOrganisation({ territory: { region: '11', departement: '974' } }),
        ),
      ),
    );

    expect(error).toMatchObject({ invalidFields: [{ name: 'territory.departement' }] });
  });
});

describe('a structure-admin managing the team', () => {
  let deps: UseCaseDeps;
  beforeAll(async () => {
    deps = await aWorld();
  });

  async function aStructureWithAdmin(lastName = 'Grondin') {
    const { structure, firstUser } = await as(platformAdmin, () =>
      makeCreateStructure(deps, makeTableIdentityProvisioner())(
        platformAdmin,
        aStructure({ firstUser: { email: anEmail('direction'), firstName: 'Nadia', lastName } }),
      ),
    );
    return { structure, admin: adminOf(firstUser), adminUser: firstUser };
  }

  it('lists the members of the structure with their name, address and role only', async () => {
    const { admin, adminUser } = await aStructureWithAdmin();

    const team = await as(admin, () => makeListTeam(deps)(admin));

    expect(team).toEqual([
      {
        id: adminUser.id,
        firstName: 'Nadia',
        lastName: 'Grondin',
        email: adminUser.email,
        role: 'structure-admin',
      },
    ]);
  });

  it('invites a référent, who then appears in the list', async () => {
    const { admin } = await aStructureWithAdmin('Grondin');
    const { provisioner, provisioned } = aRecordingProvisioner();
    const email = anEmail('m.payet');

    const invited = await as(admin, () =>
      makeInviteUser(
        deps,
        provisioner,
        aRecordingMailer().mailer,
      )(admin, {
        email,
        firstName: 'Mickaël',
        lastName: 'Payet',
        role: 'referent',
      }),
    );
    const team = await as(admin, () => makeListTeam(deps)(admin));

    expect(invited).toEqual({
      firstName: 'Mickaël',
      lastName: 'Payet',
      email,
      role: 'referent',
    });
    expect(team.map((member) => [member.lastName, member.role])).toEqual([
      ['Grondin', 'structure-admin'],
      ['Payet', 'referent'],
    ]);
    expect(provisioned).toEqual([
      {
        user: expect.objectContaining({ email, tenantId: admin.tenantId }),
        claims: { role: 'referent', tenant: admin.tenantId },
      },
    ]);
  });

  it('answers an address held in another structure as a new one, and tells its holder by mail', async () => {
    const { admin, structure } = await aStructureWithAdmin();
    const other = await aStructureWithAdmin('Dubois');
    const { mailer, sent } = aRecordingMailer();
    const invitation = {
      firstName: 'Hélène',
      lastName: 'Dubois',
      role: 'structure-admin',
    } as const;

    const elsewhere = await as(admin, () =>
      makeInviteUser(
        deps,
        makeTableIdentityProvisioner(),
        mailer,
      )(admin, {
        ...invitation,
        email: other.adminUser.email,
      }),
    );
    const fresh = await as(admin, () =>
      makeInviteUser(
        deps,
        makeTableIdentityProvisioner(),
        mailer,
      )(admin, {
        ...invitation,
        email: anEmail('h.dubois'),
      }),
    );

    expect(Object.keys(elsewhere)).toEqual(Object.keys(fresh));
    expect({ ...elsewhere, email: '' }).toEqual({ ...fresh, email: '' });
    expect((await as(admin, () => makeListTeam(deps)(admin))).map((m) => m.lastName)).toEqual([
      'Dubois',
      'Grondin',
    ]);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail?.to).toBe(other.adminUser.email);
    expect(mail?.text).toContain('Nadia');
    expect(mail?.text).toContain(structure.name);
    // Nothing of the inviter or of the names they typed: first name and structure only.
    expect(mail?.text).not.toContain('Hélène');
    expect(mail?.text).not.toContain('Dubois');
    expect(mail?.text).not.toContain(admin.userId);
  });

  it('refuses to invite an address a member of its own structure holds', async () => {
    const { admin, adminUser } = await aStructureWithAdmin();
    const { mailer, sent } = aRecordingMailer();

    const error = await rejection(
      as(admin, () =>
        makeInviteUser(
          deps,
          makeTableIdentityProvisioner(),
          mailer,
        )(admin, {
          email: adminUser.email,
          firstName: 'Hélène',
          lastName: 'Dubois',
          role: 'structure-admin',
        }),
      ),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(sent).toEqual([]);
    expect(await as(admin, () => makeListTeam(deps)(admin))).toHaveLength(1);
  });

  it('sees only its own structure’s members', async () => {
    const mine = await aStructureWithAdmin('Grondin');
    const theirs = await aStructureWithAdmin('Dubois');

    const team = await as(mine.admin, () => makeListTeam(deps)(mine.admin));

    expect(team.map((member) => member.id)).toEqual([mine.adminUser.id]);
    expect(team.map((member) => member.id)).not.toContain(theirs.adminUser.id);
  });

  it('can only give the roles of a team', () => {
    const refusal = () =>
      parseOrRefuse(invitationInput, {
        email: anEmail('x'),
        firstName: 'X',
        lastName: 'Y',
        role: 'platform-admin',
      });

    expect(refusal).toThrow(ValidationError);
    expect(refusal).toThrow(/^role: /);
  });

  it('does not add a demo account of another structure to the team', async () => {
    const demoDeps = await aWorld();
    await asSystem(() => seedDemoData(demoDeps.db, demoDeps.tableName, now));
    const reunion = buildDemoData(now).users.find(
      (user) => user.email === demoAccounts.reunionAdmin,
    );
    if (reunion === undefined) throw new Error('the demo has no Réunion admin');
    const admin = adminOf(reunion);

    const { mailer, sent } = aRecordingMailer();

    await as(admin, () =>
      makeInviteUser(
        demoDeps,
        makeTableIdentityProvisioner(),
        mailer,
      )(admin, {
        email: demoAccounts.mainlandReferents[1],
        firstName: 'Claire',
        lastName: 'Martin',
        role: 'referent',
      }),
    );

    expect(sent.map((mail) => mail.to)).toEqual([demoAccounts.mainlandReferents[1]]);
    expect(await as(admin, () => makeListTeam(demoDeps)(admin))).not.toContainEqual(
      expect.objectContaining({ email: demoAccounts.mainlandReferents[1] }),
    );
  });
});
