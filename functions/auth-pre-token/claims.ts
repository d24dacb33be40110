/**
 * What Cognito's tokens say about an Appui user: the verifier reads top-level claims (`role`,
 * `tenant`, `org`, `funder`, `territory`, and `appui_user` for the user id) while the user pool
 * keeps them in custom attributes an admin alone may write. This maps one to the other, and
 * refuses an account whose attributes do not fit its role: such a token would prove nothing.
 */
import { type AppuiClaims, appuiClaims, toPrincipal } from '../../shared/auth/principal.ts';
import { z } from '../../shared/common/zod.ts';

/** The custom attributes of the user pool, each one a claim of the same meaning. */
export const customAttributes = {
  role: 'custom:role',
  tenant: 'custom:tenant',
  org: 'custom:org',
  funder: 'custom:funder',
  /** JSON: `{"region":"04","departements":["974"]}`. */
  territory: 'custom:territory',
  /** The Appui user id (Cognito's `sub` is its own). */
  user: 'custom:user_id',
} as const;

/** The roles whose accounts must have a second factor: they see a structure's or a region's figures. */
export const mfaRequiredRoles: readonly AppuiClaims['role'][] = ['structure-admin', 'funder'];

/** The claims Appui adds to a token, from a user's attributes. */
export type AddedClaims = Omit<AppuiClaims, 'sub' | 'email' | 'given_name'>;

const territoryAttribute = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'custom:territory is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(appuiClaims.shape.territory.unwrap());

/** The account's attributes do not make a consistent Appui identity. */
export class InconsistentAccountError extends Error {
  override readonly name = 'InconsistentAccountError';
}

/**
 * The claims of a user's tokens. Throws `InconsistentAccountError` (Cognito then refuses the
 * sign-in) when a scope attribute is missing, belongs to another role, or is malformed.
 */
export function claimsOf(attributes: Readonly<Record<string, string | undefined>>): AddedClaims {
  const read = (name: string) => {
    const value = attributes[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const territory = read(customAttributes.territory);
  const parsed = appuiClaims.omit({ sub: true, email: true, given_name: true }).safeParse({
    role: read(customAttributes.role),
    appui_user: read(customAttributes.user),
    tenant: read(customAttributes.tenant),
    org: read(customAttributes.org),
    funder: read(customAttributes.funder),
    territory: territory === undefined ? undefined : territoryAttribute.safeParse(territory).data,
  });
  if (!parsed.success || parsed.data.appui_user === undefined) {
    throw new InconsistentAccountError('the account has no valid Appui role, user id or scope');
  }
  if (territory !== undefined && parsed.data.territory === undefined) {
    throw new InconsistentAccountError('custom:territory is malformed');
  }
  const claims = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  );
  const checked = appuiClaims.omit({ sub: true, email: true, given_name: true }).parse(claims);
  try {
    toPrincipal({ sub: parsed.data.appui_user, ...checked });
  } catch (error: unknown) {
    throw new InconsistentAccountError('the account’s scope does not fit its role', {
      cause: error,
    });
  }
  return checked;
}
