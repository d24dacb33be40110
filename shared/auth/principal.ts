import { departementCode, id, regionCode } from '../common/fields.ts';
import { z } from '../common/zod.ts';
import { UnauthorizedError } from '../errors.ts';
import { regionOf } from '../measure/territory.ts';
import { roles } from '../measure/vocabulary.ts';

/**
 * The claims Appui reads from a verified token. The tenant, the organisation and the territory
 * come from here and nowhere else: never from a path, a body or a header.
 */
export const appuiClaims = z.object({
  sub: z.string().min(1),
  /**
   * The Appui user id, when the issuer's `sub` is its own (Cognito's): the pre-token trigger
   * copies it from `custom:user_id`. The development issuer puts the user id in `sub` itself.
   */
  appui_user: id.optional(),
  role: z.enum(roles.codes),
  /** Structure roles (referent, structure-admin): the structure's id. */
  tenant: id.optional(),
  /** Prescribers: their organisation's id. */
  org: id.optional(),
  /** Funders: their funder body's id. */
  funder: id.optional(),
  /** Prescribers and funders: the region, and the départements when narrower than the region. */
  territory: z
    .object({ region: regionCode, departements: z.array(departementCode).optional() })
    .optional(),
  email: z.email().optional(),
  given_name: z.string().optional(),
});
export type AppuiClaims = z.infer<typeof appuiClaims>;

/** Who is calling, as the rest of the code sees it. */
export type Principal =
  | { role: 'referent' | 'structure-admin'; userId: string; tenantId: string; firstName?: string }
  | { role: 'prescriber'; userId: string; orgId: string; region: string; departements: string[] }
  | { role: 'funder'; userId: string; funderId: string; region: string; departements: string[] }
  | { role: 'platform-admin'; userId: string };

/** The scope claims each role must carry; any other scope claim makes the token inconsistent. */
const scopeClaimsOf = {
  referent: ['tenant'],
  'structure-admin': ['tenant'],
  prescriber: ['org', 'territory'],
  funder: ['funder', 'territory'],
  'platform-admin': [],
} as const satisfies Record<AppuiClaims['role'], readonly ScopeClaim[]>;

type ScopeClaim = 'tenant' | 'org' | 'funder' | 'territory';
const scopeClaims: readonly ScopeClaim[] = ['tenant', 'org', 'funder', 'territory'];

/**
 * The caller as the rest of the code sees it, from claims already verified and parsed. Throws
 * `UnauthorizedError` when the claims do not fit the role: a missing scope (a référent without a
 * structure), a scope of another role (a référent naming an organisation), or départements outside
 * the region. A token like that was issued by mistake; it proves nothing, so it is refused whole.
 */
export function toPrincipal(claims: AppuiClaims): Principal {
  const expected: readonly ScopeClaim[] = scopeClaimsOf[claims.role];
  for (const claim of scopeClaims) {
    const present = claims[claim] !== undefined;
    if (present !== expected.includes(claim)) {
      throw new UnauthorizedError(
        present
          ? `Le jeton porte un attribut « ${claim} » qui ne correspond pas au rôle ${claims.role}.`
          : `Le jeton ne porte pas l’attribut « ${claim} » que le rôle ${claims.role} exige.`,
      );
    }
  }
  const userId = claims.appui_user ?? claims.sub;
  switch (claims.role) {
    case 'referent':
    case 'structure-admin': {
      const tenantId = required(claims.tenant, 'tenant');
      return claims.given_name === undefined
        ? { role: claims.role, userId, tenantId }
        : { role: claims.role, userId, tenantId, firstName: claims.given_name };
    }
    case 'prescriber': {
      const orgId = required(claims.org, 'org');
      return { role: 'prescriber', userId, orgId, ...territoryOf(claims.territory) };
    }
    case 'funder': {
      const funderId = required(claims.funder, 'funder');
      return { role: 'funder', userId, funderId, ...territoryOf(claims.territory) };
    }
    case 'platform-admin':
      return { role: 'platform-admin', userId };
  }
}

function required(value: string | undefined, claim: ScopeClaim): string {
  if (value === undefined) {
    throw new UnauthorizedError(`Le jeton ne porte pas l’attribut « ${claim} ».`);
  }
  return value;
}

/** A territory's départements must all lie in its region; none listed means the whole region. */
function territoryOf(territory: AppuiClaims['territory']): {
  region: string;
  departements: string[];
} {
  if (territory === undefined) {
    throw new UnauthorizedError('Le jeton ne porte pas l’attribut « territory ».');
  }
  const departements = [...new Set(territory.departements ?? [])];
  const outside = departements.filter((departement) => regionOf(departement) !== territory.region);
  if (outside.length > 0) {
    throw new UnauthorizedError(
      `Départements hors de la région ${territory.region} dans le jeton : ${outside.join(', ')}.`,
    );
  }
  return { region: territory.region, departements };
}
