/**
 * French territories by INSEE code: the 18 regions and their 101 départements, overseas included,
 * with the time zone a structure there keeps its deadlines in.
 */
export const regions = {
  '01': { name: 'Guadeloupe', departements: ['971'], timeZone: 'America/Guadeloupe' },
  '02': { name: 'Martinique', departements: ['972'], timeZone: 'America/Martinique' },
  '03': { name: 'Guyane', departements: ['973'], timeZone: 'America/Cayenne' },
  '04': { name: 'La Réunion', departements: ['974'], timeZone: 'Indian/Reunion' },
  '06': { name: 'Mayotte', departements: ['976'], timeZone: 'Indian/Mayotte' },
  '11': {
    name: 'Île-de-France',
    departements: ['75', '77', '78', '91', '92', '93', '94', '95'],
    timeZone: 'Europe/Paris',
  },
  '24': {
    name: 'Centre-Val de Loire',
    departements: ['18', '28', '36', '37', '41', '45'],
    timeZone: 'Europe/Paris',
  },
  '27': {
    name: 'Bourgogne-Franche-Comté',
    departements: ['21', '25', '39', '58', '70', '71', '89', '90'],
    timeZone: 'Europe/Paris',
  },
  '28': {
    name: 'Normandie',
    departements: ['14', '27', '50', '61', '76'],
    timeZone: 'Europe/Paris',
  },
  '32': {
    name: 'Hauts-de-France',
    departements: ['02', '59', '60', '62', '80'],
    timeZone: 'Europe/Paris',
  },
  '44': {
    name: 'Grand Est',
    departements: ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'],
    timeZone: 'Europe/Paris',
  },
  '52': {
    name: 'Pays de la Loire',
    departements: ['44', '49', '53', '72', '85'],
    timeZone: 'Europe/Paris',
  },
  '53': { name: 'Bretagne', departements: ['22', '29', '35', '56'], timeZone: 'Europe/Paris' },
  '75': {
    name: 'Nouvelle-Aquitaine',
    departements: ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'],
    timeZone: 'Europe/Paris',
  },
  '76': {
    name: 'Occitanie',
    departements: ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82'],
    timeZone: 'Europe/Paris',
  },
  '84': {
    name: 'Auvergne-Rhône-Alpes',
    departements: ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'],
    timeZone: 'Europe/Paris',
  },
  '93': {
    name: 'Provence-Alpes-Côte d’Azur',
    departements: ['04', '05', '06', '13', '83', '84'],
    timeZone: 'Europe/Paris',
  },
  '94': { name: 'Corse', departements: ['2A', '2B'], timeZone: 'Europe/Paris' },
} as const satisfies Record<
  string,
  { name: string; departements: readonly string[]; timeZone: string }
>;

export type RegionCode = keyof typeof regions;
export type DepartementCode = (typeof regions)[RegionCode]['departements'][number];

const regionByDepartement = new Map<string, RegionCode>();
for (const code of Object.keys(regions)) {
  if (!isRegionCode(code)) continue;
  for (const departement of regions[code].departements) regionByDepartement.set(departement, code);
}

export function isRegionCode(code: string): code is RegionCode {
  return Object.hasOwn(regions, code);
}

export function isDepartementCode(code: string): code is DepartementCode {
  return regionByDepartement.has(code);
}

/** The region a département belongs to, or undefined for an unknown code. */
export function regionOf(departement: string): RegionCode | undefined {
  return regionByDepartement.get(departement);
}

/** The time zone a structure of this département keeps its deadlines in. */
export function timeZoneOf(departement: DepartementCode): string {
  const region = regionByDepartement.get(departement);
  return region === undefined ? 'Europe/Paris' : regions[region].timeZone;
}
