/**
 * The demo world of the local stack: two structures in two territories (La Réunion and
 * Seine-Saint-Denis), their teams, two prescriber organisations, one funder per region, and a few
 * dozen people whose referrals and cases sit in every phase. Deterministic: the same ids and
 * names each time, dates placed relative to the day it is built, so deadlines look current.
 */
import { createHash } from 'node:crypto';
import { type SupportCase, supportCase } from '../../shared/cases/case.ts';
import { type BarrierScores, barrierScores } from '../../shared/cases/diagnostic/barrier-scores.ts';
import { type JournalEntry, journalEntry } from '../../shared/cases/journal/journal-entry.ts';
import { addDays, dateIn, periodEnd } from '../../shared/common/dates.ts';
import { newId } from '../../shared/common/ids.ts';
import { defaultDeadlineSettings } from '../../shared/deadlines/deadline-settings.ts';
import { type User, user } from '../../shared/identity/user.ts';
import {
  barrierDomains,
  contactKinds,
  type ExitOutcome,
  minimumIncomes,
  mobilisationContexts,
  partners,
  roles,
  supportActions,
} from '../../shared/measure/vocabulary.ts';
import { type Funder, funder } from '../../shared/organisations/funder.ts';
import {
  type PrescriberOrganisation,
  prescriberOrganisation,
} from '../../shared/organisations/prescriber-organisation.ts';
import { type Structure, structure } from '../../shared/organisations/structure.ts';
import { type Referral, referral } from '../../shared/referrals/referral.ts';

export interface DemoData {
  structures: Structure[];
  prescriberOrganisations: PrescriberOrganisation[];
  funders: Funder[];
  users: User[];
  referrals: Referral[];
  cases: SupportCase[];
  barrierScores: { tenantId: string; scores: BarrierScores }[];
  journal: { tenantId: string; entry: JournalEntry }[];
}

/** A stable UUID (version 5 layout) derived from a name, so the demo has the same ids every time. */
export function demoId(name: string): string {
  const hex = createHash('sha256').update(`appui-demo:${name}`).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** A stable UUID version 7 for something created at `at`: ids of the demo sort by creation time. */
export function demoTimeId(name: string, at: string): string {
  return newId(
    new Date(at),
    createHash('sha256').update(`appui-demo:${name}`).digest().subarray(0, 10),
  );
}

/** Small deterministic pseudo-random generator (mulberry32), so "spread" data is reproducible. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new RangeError('cannot pick from an empty list');
  return value;
}

function pickSome<T>(random: () => number, list: readonly T[], most: number): T[] {
  const count = 1 + Math.floor(random() * most);
  return [...new Set(Array.from({ length: count }, () => pick(random, list)))];
}

/** The password-less demo accounts; the local sign-in page lists them. */
export const demoAccounts = {
  platformAdmin: 'admin@appui.test',
  reunionAdmin: 'direction@kaz-emploi.test',
  reunionReferents: ['m.payet@kaz-emploi.test', 'j.hoarau@kaz-emploi.test'],
  mainlandAdmin: 'direction@tremplin93.test',
  mainlandReferents: ['s.benali@tremplin93.test', 'c.martin@tremplin93.test'],
  franceTravail: 'conseiller@francetravail-saint-denis.test',
  departement: 'travailleur.social@seinesaintdenis.test',
  reunionFunder: 'deets@reunion.test',
  mainlandFunder: 'drieets@idf.test',
} as const;

interface Territory {
  key: string;
  structure: Omit<Structure, 'id' | 'createdAt' | 'deadlines' | 'activeCases'>;
  admin: { email: string; firstName: string; lastName: string };
  referents: { email: string; firstName: string; lastName: string }[];
  prescriber: {
    org: Omit<PrescriberOrganisation, 'id' | 'createdAt'>;
    user: { email: string; firstName: string; lastName: string };
  };
  funder: { name: string; email: string; firstName: string; lastName: string };
  places: { postalCode: string; city: string }[];
  firstNames: { female: string[]; male: string[] };
  lastNames: string[];
}

const territories: Territory[] = [
  {
    key: 'reunion',
    structure: {
      name: 'Association Kaz’Emploi',
      siret: '73282932000074',
      kind: 'association',
      territory: { region: '04', departement: '974' },
      timeZone: 'Indian/Reunion',
      capacity: 40,
      conventionAmountPerSupportCents: 80_000,
      cofinancing: { esfPercent: 70, statePercent: 30 },
    },
    admin: { email: demoAccounts.reunionAdmin, firstName: 'Nadia', lastName: 'Grondin' },
    referents: [
      { email: 'm.payet@kaz-emploi.test', firstName: 'Mickaël', lastName: 'Payet' },
      { email: 'j.hoarau@kaz-emploi.test', firstName: 'Josiane', lastName: 'Hoarau' },
    ],
    prescriber: {
      org: {
        name: 'France Travail – agence de Saint-Denis',
        kind: 'france-travail',
        territory: { region: '04', departement: '974' },
      },
      user: { email: demoAccounts.franceTravail, firstName: 'Patrick', lastName: 'Fontaine' },
    },
    funder: {
      name: 'DEETS de La Réunion',
      email: demoAccounts.reunionFunder,
      firstName: 'Line',
      lastName: 'Técher',
    },
    places: [
      { postalCode: '97400', city: 'Saint-Denis' },
      { postalCode: '97490', city: 'Sainte-Clotilde' },
      { postalCode: '97438', city: 'Sainte-Marie' },
      { postalCode: '97460', city: 'Saint-Paul' },
    ],
    firstNames: {
      female: ['Marie-Claude', 'Sandrine', 'Anaïs', 'Jessica', 'Nathalie', 'Priscilla', 'Mélissa'],
      male: ['Jean-Marc', 'Kévin', 'Teddy', 'Loïc', 'Dimitri', 'Willy', 'Fabrice'],
    },
    lastNames: [
      'Rivière',
      'Boyer',
      'Fontaine',
      'Lebon',
      'Maillot',
      'Nativel',
      'Virapoullé',
      'Damour',
      'Céleste',
      'Mussard',
    ],
  },
  {
    key: 'mainland',
    structure: {
      name: 'Tremplin 93',
      siret: '44306184100047',
      kind: 'association',
      territory: { region: '11', departement: '93' },
      timeZone: 'Europe/Paris',
      capacity: 35,
      conventionAmountPerSupportCents: 80_000,
      cofinancing: { esfPercent: 70, statePercent: 30 },
    },
    admin: { email: demoAccounts.mainlandAdmin, firstName: 'Hélène', lastName: 'Dubois' },
    referents: [
      { email: 's.benali@tremplin93.test', firstName: 'Samir', lastName: 'Benali' },
      { email: 'c.martin@tremplin93.test', firstName: 'Claire', lastName: 'Martin' },
    ],
    prescriber: {
      org: {
        name: 'Département de la Seine-Saint-Denis – service social',
        kind: 'departement',
        territory: { region: '11', departement: '93' },
      },
      user: { email: demoAccounts.departement, firstName: 'Aïcha', lastName: 'Traoré' },
    },
    funder: {
      name: 'DRIEETS Île-de-France',
      email: demoAccounts.mainlandFunder,
      firstName: 'Olivier',
      lastName: 'Lefèvre',
    },
    places: [
      { postalCode: '93200', city: 'Saint-Denis' },
      { postalCode: '93300', city: 'Aubervilliers' },
      { postalCode: '93100', city: 'Montreuil' },
      { postalCode: '93000', city: 'Bobigny' },
    ],
    firstNames: {
      female: ['Fatoumata', 'Julie', 'Inès', 'Sabrina', 'Émilie', 'Khadija', 'Laetitia'],
      male: ['Mamadou', 'Thomas', 'Yanis', 'Karim', 'Sébastien', 'Nicolas', 'Ibrahim'],
    },
    lastNames: [
      'Diallo',
      'Moreau',
      'Haddad',
      'Petit',
      'Cissé',
      'Lambert',
      'Nguyen',
      'Roux',
      'Mendy',
      'Garcia',
    ],
  },
];

/**
 * What happens to each person of a structure, in order. Day numbers count back from today.
 * Every phase appears: pending referrals (one past the 10-day threshold), a decline and a
 * withdrawal, intake (one with no contract after 30 days), both periods (one renewal still to
 * decide, one nearing its decision date), and exits with outcomes positive and not.
 */
type Story =
  | { kind: 'pending'; submittedDaysAgo: number }
  | { kind: 'declined'; submittedDaysAgo: number }
  | { kind: 'withdrawn'; submittedDaysAgo: number }
  | { kind: 'intake'; acceptedDaysAgo: number }
  | { kind: 'period-1'; signedDaysAgo: number; renewalRequested?: boolean; silentDays?: number }
  | { kind: 'period-2'; signedDaysAgo: number }
  | { kind: 'exited'; signedDaysAgo: number; exitedDaysAgo: number; outcome: ExitOutcome };

const stories: Story[] = [
  { kind: 'pending', submittedDaysAgo: 2 },
  { kind: 'pending', submittedDaysAgo: 6 },
  { kind: 'pending', submittedDaysAgo: 12 },
  { kind: 'declined', submittedDaysAgo: 40 },
  { kind: 'withdrawn', submittedDaysAgo: 25 },
  { kind: 'intake', acceptedDaysAgo: 5 },
  { kind: 'intake', acceptedDaysAgo: 34 },
  { kind: 'period-1', signedDaysAgo: 20 },
  { kind: 'period-1', signedDaysAgo: 65, silentDays: 18 },
  { kind: 'period-1', signedDaysAgo: 110 },
  { kind: 'period-1', signedDaysAgo: 155 },
  { kind: 'period-1', signedDaysAgo: 170, renewalRequested: true },
  { kind: 'period-2', signedDaysAgo: 200 },
  { kind: 'period-2', signedDaysAgo: 320 },
  { kind: 'exited', signedDaysAgo: 260, exitedDaysAgo: 60, outcome: 'durable-employment' },
  { kind: 'exited', signedDaysAgo: 230, exitedDaysAgo: 40, outcome: 'qualifying-training' },
  { kind: 'exited', signedDaysAgo: 300, exitedDaysAgo: 120, outcome: 'transitional-employment' },
  { kind: 'exited', signedDaysAgo: 380, exitedDaysAgo: 15, outcome: 'max-duration-no-solution' },
  { kind: 'exited', signedDaysAgo: 150, exitedDaysAgo: 70, outcome: 'lost-contact' },
  { kind: 'exited', signedDaysAgo: 280, exitedDaysAgo: 30, outcome: 'business-creation' },
];

/** Builds the whole demo world for the day `now` falls on; every entity is checked by its schema. */
export function buildDemoData(now: Date): DemoData {
  const createdAt = new Date(now.getTime() - 400 * 86_400_000).toISOString();
  const data: DemoData = {
    structures: [],
    prescriberOrganisations: [],
    funders: [],
    users: [
      user.parse({
        id: demoId('user:platform-admin'),
        email: demoAccounts.platformAdmin,
        firstName: 'Camille',
        lastName: 'Opérateur',
        role: 'platform-admin',
        createdAt,
      }),
    ],
    referrals: [],
    cases: [],
    barrierScores: [],
    journal: [],
  };

  for (const territory of territories) {
    const tenantId = demoId(`structure:${territory.key}`);
    const orgId = demoId(`org:${territory.key}`);
    const funderId = demoId(`funder:${territory.key}`);
    data.structures.push(
      structure.parse({
        ...territory.structure,
        id: tenantId,
        deadlines: defaultDeadlineSettings,
        activeCases: 0,
        createdAt,
      }),
    );
    data.prescriberOrganisations.push(
      prescriberOrganisation.parse({ ...territory.prescriber.org, id: orgId, createdAt }),
    );
    data.funders.push(
      funder.parse({
        id: funderId,
        name: territory.funder.name,
        territory: { region: territory.structure.territory.region },
        createdAt,
      }),
    );

    const adminId = demoId(`user:${territory.admin.email}`);
    const referentIds = territory.referents.map((referent) => demoId(`user:${referent.email}`));
    const prescriberId = demoId(`user:${territory.prescriber.user.email}`);
    data.users.push(
      user.parse({ ...territory.admin, id: adminId, role: 'structure-admin', tenantId, createdAt }),
      ...territory.referents.map((referent, index) =>
        user.parse({ ...referent, id: referentIds[index], role: 'referent', tenantId, createdAt }),
      ),
      user.parse({
        ...territory.prescriber.user,
        id: prescriberId,
        role: 'prescriber',
        orgId,
        createdAt,
      }),
      user.parse({
        id: demoId(`user:${territory.funder.email}`),
        email: territory.funder.email,
        firstName: territory.funder.firstName,
        lastName: territory.funder.lastName,
        role: 'funder',
        funderId,
        createdAt,
      }),
    );

    const today = dateIn(territory.structure.timeZone, now);
    const random = randomFrom(territory.key === 'reunion' ? 974 : 93);
    stories.forEach((story, index) => {
      const built = buildPerson({
        story,
        index,
        territory,
        today,
        random,
        now,
        ids: { tenantId, orgId, prescriberId, adminId, referentIds },
      });
      data.referrals.push(built.referral);
      if (built.supportCase !== undefined) data.cases.push(built.supportCase);
      data.barrierScores.push(...built.scores.map((scores) => ({ tenantId, scores })));
      data.journal.push(...built.journal.map((entry) => ({ tenantId, entry })));
    });
  }
  // The directory's free places: capacity minus the cases not yet exited.
  data.structures = data.structures.map((s) => ({
    ...s,
    activeCases: data.cases.filter((c) => c.tenantId === s.id && c.phase !== 'exited').length,
  }));
  return data;
}

interface PersonInput {
  story: Story;
  index: number;
  territory: Territory;
  today: string;
  random: () => number;
  now: Date;
  ids: {
    tenantId: string;
    orgId: string;
    prescriberId: string;
    adminId: string;
    referentIds: string[];
  };
}

/** An instant `days` days before `now`, at a working hour. */
function daysAgo(now: Date, days: number): string {
  const instant = new Date(now.getTime() - days * 86_400_000);
  instant.setUTCHours(7 + (days % 8), (days * 7) % 60, 0, 0);
  return instant.toISOString();
}

function buildPerson({ story, index, territory, today, random, now, ids }: PersonInput) {
  const female = random() < 0.5;
  const place = pick(random, territory.places);
  const ageAtEntry = 19 + Math.floor(random() * 42);
  const birthDate = addDays(today, -(ageAtEntry * 365 + Math.floor(random() * 300)));
  const firstName = pick(random, female ? territory.firstNames.female : territory.firstNames.male);
  const lastName = pick(random, territory.lastNames);
  const person = {
    firstName,
    lastName,
    birthDate,
    gender: female ? 'female' : 'male',
    phone: `06 ${String(10 + index).padStart(2, '0')} ${String(Math.floor(random() * 90) + 10)} 00 00`,
    postalCode: place.postalCode,
    city: place.city,
  };
  const situation = {
    minimumIncome: pick(random, minimumIncomes.codes),
    registeredWithFranceTravail: random() < 0.7,
  };
  const barriers = pickSome(random, barrierDomains.codes, 4);
  const referentId = ids.referentIds[index % ids.referentIds.length];
  if (referentId === undefined)
    throw new RangeError('a demo structure needs at least one référent');

  const submittedDaysAgo =
    'submittedDaysAgo' in story
      ? story.submittedDaysAgo
      : 'acceptedDaysAgo' in story
        ? story.acceptedDaysAgo + 7
        : story.signedDaysAgo + 21;
  const submittedAt = daysAgo(now, submittedDaysAgo);
  const id = demoTimeId(`person:${territory.key}:${index}`, submittedAt);
  const acceptedDaysAgo = 'acceptedDaysAgo' in story ? story.acceptedDaysAgo : submittedDaysAgo - 5;
  const acceptedAt = daysAgo(now, acceptedDaysAgo);
  const exitOutcome = story.kind === 'exited' ? story.outcome : undefined;
  const status =
    story.kind === 'pending' ? 'submitted' : 'submittedDaysAgo' in story ? story.kind : 'accepted';

  const builtReferral = referral.parse({
    id,
    tenantId: ids.tenantId,
    orgId: ids.orgId,
    prescriberId: ids.prescriberId,
    status,
    submittedAt,
    timeZone: territory.structure.timeZone,
    answeredAt:
      status === 'submitted' || status === 'withdrawn'
        ? undefined
        : daysAgo(now, submittedDaysAgo - 3),
    person,
    situation,
    barriers,
    specificPublics:
      random() < 0.3
        ? [pick(random, ['homeless', 'single-parent', 'leaving-prison'] as const)]
        : [],
    context: pick(random, mobilisationContexts.codes),
    reason: `${firstName} cherche un accompagnement global avant une reprise d’emploi : ${barriers.length} freins identifiés lors de l’entretien.`,
    consent: { recordedAt: submittedAt, recordedBy: ids.prescriberId },
    decline:
      story.kind === 'declined'
        ? {
            reason: 'better-suited-support',
            text: 'Une orientation vers le CSAPA de secteur paraît plus adaptée pour commencer.',
          }
        : undefined,
    exitOutcome,
    version: 1,
  });

  const scores: BarrierScores[] = [];
  const journal: JournalEntry[] = [];
  if (status !== 'accepted')
    return { referral: builtReferral, supportCase: undefined, scores, journal };

  const entryScores = Object.fromEntries(
    barriers.map((domain) => [domain, 2 + Math.floor(random() * 2)]),
  );
  scores.push(
    barrierScores.parse({
      caseId: id,
      stage: 'entry',
      scoredOn: addDays(today, -acceptedDaysAgo + 3),
      scores: entryScores,
    }),
  );

  let contract: SupportCase['contract'];
  let renewal: SupportCase['renewal'];
  let exit: SupportCase['exit'];
  let phase: SupportCase['phase'] = 'intake';
  if ('signedDaysAgo' in story) {
    const signedOn = addDays(today, -story.signedDaysAgo);
    contract = {
      signedOn,
      objectives: [
        'Stabiliser la situation de logement',
        'Construire un projet professionnel réaliste',
      ],
      personCommitments: 'Venir aux rendez-vous hebdomadaires et prévenir en cas d’empêchement.',
      structureCommitments:
        'Un entretien par semaine, l’accompagnement aux démarches et la mise en relation avec les partenaires.',
      period1EndsOn: periodEnd(signedOn, 6),
    };
    phase = 'period-1';
    const renewed =
      story.kind === 'period-2' ||
      (story.kind === 'exited' && story.signedDaysAgo - story.exitedDaysAgo > 182);
    if (story.kind === 'period-1' && story.renewalRequested === true) {
      renewal = {
        status: 'requested',
        requestedAt: daysAgo(now, 3),
        requestedBy: referentId,
        justification:
          'La recherche de logement aboutit ; six mois de plus permettront de consolider l’entrée en formation.',
      };
    }
    if (renewed) {
      const period2Start = addDays(contract.period1EndsOn, 1);
      renewal = {
        status: 'granted',
        requestedAt: daysAgo(now, story.signedDaysAgo - 160),
        requestedBy: referentId,
        justification:
          'Démarches de santé en cours ; le projet professionnel a besoin de six mois supplémentaires.',
        decidedAt: daysAgo(now, story.signedDaysAgo - 165),
        decidedBy: ids.adminId,
        decisionReason: 'Renouvellement accordé au vu des progrès réalisés.',
        period2EndsOn: periodEnd(period2Start, 6),
      };
      phase = 'period-2';
      scores.push(
        barrierScores.parse({
          caseId: id,
          stage: 'renewal',
          scoredOn: addDays(contract.period1EndsOn, -20),
          scores: Object.fromEntries(
            Object.entries(entryScores).map(([domain, score]) => [domain, Math.max(0, score - 1)]),
          ),
        }),
      );
    }
    if (story.kind === 'exited') {
      exit = { date: addDays(today, -story.exitedDaysAgo), outcome: story.outcome };
      phase = 'exited';
      scores.push(
        barrierScores.parse({
          caseId: id,
          stage: 'exit',
          scoredOn: exit.date,
          scores: Object.fromEntries(
            Object.entries(entryScores).map(([domain, score]) => [domain, Math.max(0, score - 2)]),
          ),
        }),
      );
    }
  }

  // The first interview after acceptance, then weekly contacts up to exit (or up to the silence
  // the story asks for): at most the last seven weeks of them, enough for a demo.
  const firstContact = -acceptedDaysAgo + 2;
  const lastPossible =
    story.kind === 'exited'
      ? -story.exitedDaysAgo
      : story.kind === 'period-1'
        ? -(story.silentDays ?? 2)
        : -2;
  const contactDays = [firstContact];
  for (let day = lastPossible - 42; day <= lastPossible; day += 7) {
    if (day > firstContact + 3) contactDays.push(day);
  }
  contactDays.forEach((day, week) => {
    journal.push(
      journalEntry.parse({
        id: demoId(`journal:${territory.key}:${index}:${week}`),
        caseId: id,
        authorId: referentId,
        kind: week === 0 ? 'interview' : pick(random, contactKinds.codes),
        date: addDays(today, day),
        durationMinutes: pick(random, [30, 45, 60, 90]),
        topics: pickSome(random, barriers, 2),
        actions: pickSome(random, supportActions.codes, 2),
        partners: random() < 0.5 ? pickSome(random, partners.codes, 2) : [],
        summary:
          week === 0
            ? 'Premier entretien : présentation de la mesure et diagnostic partagé.'
            : 'Point hebdomadaire sur les démarches en cours.',
      }),
    );
  });
  const lastContactOn = journal.at(-1)?.date;

  const builtCase = supportCase.parse({
    id,
    tenantId: ids.tenantId,
    referralId: id,
    orgId: ids.orgId,
    referentId,
    phase,
    acceptedAt,
    timeZone: territory.structure.timeZone,
    person,
    situation,
    contract,
    renewal,
    exit,
    lastContactOn,
    version: 1,
  });
  return { referral: builtReferral, supportCase: builtCase, scores, journal };
}

/** The demo accounts as the local home page lists them: address, role, what they belong to. */
export function demoAccountList(data: DemoData): { email: string; role: string; scope: string }[] {
  const names = new Map<string, string>([
    ...data.structures.map((s): [string, string] => [s.id, s.name]),
    ...data.prescriberOrganisations.map((o): [string, string] => [o.id, o.name]),
    ...data.funders.map((f): [string, string] => [f.id, f.name]),
  ]);
  return data.users.map((account) => ({
    email: account.email,
    role: roles.labels[account.role],
    scope: names.get(account.tenantId ?? account.orgId ?? account.funderId ?? '') ?? 'Plateforme',
  }));
}
