/**
 * The measure's coded vocabularies: a stable code for data and API, a French label for people.
 * Schemas, the portal's forms and the statistics all read them from here.
 */
function codes<const T extends Record<string, string>>(labels: T) {
  const list: Extract<keyof T, string>[] = [];
  for (const code in labels) list.push(code);
  return { labels, codes: list };
}

export const prescriberKinds = codes({
  'france-travail': 'France Travail',
  'mission-locale': 'Mission locale',
  ccas: 'CCAS / CIAS',
  departement: 'Conseil départemental (service social)',
  caf: 'CAF',
  chrs: 'CHRS',
  csapa: 'CSAPA',
  spip: 'SPIP',
  'cap-emploi': 'Cap emploi',
  plie: 'PLIE',
  siae: 'Structure d’insertion par l’activité économique',
  association: 'Association',
  other: 'Autre',
});

export const structureKinds = codes({
  association: 'Association',
  siae: 'Structure d’insertion par l’activité économique',
  'training-body': 'Organisme de formation',
  other: 'Autre',
});

export const minimumIncomes = codes({
  rsa: 'RSA',
  ass: 'ASS',
  aah: 'AAH',
  other: 'Autre minimum social',
  none: 'Aucun',
});

export const barrierDomains = codes({
  housing: 'Logement',
  health: 'Santé',
  isolation: 'Isolement',
  mobility: 'Mobilité',
  family: 'Situation familiale',
  psychological: 'Souffrance psychologique',
  addiction: 'Addictions',
  debt: 'Endettement',
  justice: 'Justice',
  language: 'Maîtrise du français',
  childcare: 'Garde d’enfants',
});

export const specificPublics = codes({
  homeless: 'Sans domicile',
  'leaving-prison': 'Sortant de détention',
  newcomer: 'Primo-arrivant',
  traveller: 'Gens du voyage',
  refugee: 'Réfugié ou bénéficiaire de la protection internationale',
  'single-parent': 'Parent isolé',
  'disability-recognised': 'Travailleur handicapé (RQTH)',
});

export const mobilisationContexts = codes({
  'upstream-of-employment': 'En amont de l’emploi',
  'alongside-iae-or-subsidised-contract': 'En parallèle d’un parcours IAE ou d’un contrat aidé',
  'experimental-action': 'Action expérimentale',
});

export const genders = codes({ female: 'Femme', male: 'Homme', unspecified: 'Non précisé' });

export const referralStatuses = codes({
  submitted: 'Envoyée',
  accepted: 'Acceptée',
  declined: 'Refusée',
  withdrawn: 'Retirée',
  expired: 'Expirée',
});

export const declineReasons = codes({
  'no-capacity': 'Plus de place disponible',
  'not-eligible': 'Hors critères de la mesure',
  'better-suited-support': 'Un autre accompagnement est plus adapté',
  'person-declined': 'La personne ne souhaite pas être accompagnée',
  unreachable: 'Personne injoignable',
  other: 'Autre motif',
});

export const casePhases = codes({
  intake: 'Accueil et diagnostic',
  'period-1': 'Contrat – première période',
  'period-2': 'Contrat – renouvellement',
  exited: 'Sorti',
});

export const exitOutcomes = codes({
  'durable-employment': 'Emploi durable (CDI, CDD de 6 mois ou plus)',
  'transitional-employment': 'Emploi de transition (CDD de moins de 6 mois, intérim)',
  'subsidised-contract': 'Contrat aidé',
  iae: 'Parcours IAE',
  'qualifying-training': 'Formation qualifiante',
  'business-creation': 'Création d’entreprise',
  'referral-other-support': 'Orientation vers un accompagnement plus adapté',
  'moved-away': 'Déménagement',
  'dropped-out': 'Abandon',
  'lost-contact': 'Perdu de vue',
  'max-duration-no-solution': 'Durée maximale atteinte sans solution',
});
export type ExitOutcome = (typeof exitOutcomes.codes)[number];
export type CasePhase = (typeof casePhases.codes)[number];
export type ReferralStatus = (typeof referralStatuses.codes)[number];

/** Employment of any kind plus qualifying training: the "professional insertion" of the measure. */
export const insertionOutcomes: ReadonlySet<ExitOutcome> = new Set<ExitOutcome>([
  'durable-employment',
  'transitional-employment',
  'subsidised-contract',
  'iae',
  'qualifying-training',
]);

/** Insertion, business creation and referral to a better-suited support. */
export const positiveOutcomes: ReadonlySet<ExitOutcome> = new Set<ExitOutcome>([
  ...insertionOutcomes,
  'business-creation',
  'referral-other-support',
]);

export const contactKinds = codes({
  interview: 'Entretien',
  phone: 'Téléphone',
  'home-visit': 'Visite à domicile',
  accompanying: 'Accompagnement physique',
  'group-workshop': 'Atelier collectif',
});

export const supportActions = codes({
  procedures: 'Aide aux démarches',
  'job-search': 'Recherche d’emploi',
  'psychological-support': 'Soutien psychologique',
  'access-to-rights': 'Accès aux droits',
  'professional-project': 'Projet professionnel',
  'specialised-intervention': 'Intervention spécialisée',
});

export const partners = codes({
  caf: 'CAF',
  ccas: 'CCAS',
  siae: 'SIAE',
  landlord: 'Bailleur',
  'france-travail': 'France Travail',
  'health-services': 'Services de santé',
  other: 'Autre partenaire',
});

export const attendances = codes({ seen: 'Venu', excused: 'Excusé', 'no-show': 'Absent' });

export const roles = codes({
  prescriber: 'Prescripteur',
  referent: 'Référent',
  'structure-admin': 'Responsable de structure',
  funder: 'Financeur',
  'platform-admin': 'Administrateur de la plateforme',
});
export type Role = (typeof roles.codes)[number];
