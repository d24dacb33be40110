import type { DemoData } from '../../infra/local/demo-data.ts';
import type { AppuiClaims } from '../../shared/auth/principal.ts';
import type { User } from '../../shared/identity/user.ts';

/** The claims the development issuer gives a demo user of a structure or a prescriber organisation. */
export function claimsOfUser(demo: DemoData, user: User): AppuiClaims {
  const base = { sub: user.id, role: user.role, email: user.email };
  if (user.tenantId !== undefined) return { ...base, tenant: user.tenantId };
  const org = demo.prescriberOrganisations.find((candidate) => candidate.id === user.orgId);
  if (org === undefined) throw new Error(`no claims for the demo user ${user.id}`);
  return {
    ...base,
    org: org.id,
    territory: { region: org.territory.region, departements: [org.territory.departement] },
  };
}
