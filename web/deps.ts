import type { UseCaseDeps } from '../shared/usecases/context.ts';
import type { IdentityProvisioner } from '../shared/usecases/identity.ts';
import type { AreaDeps } from './area.tsx';

/** What the portal needs from the outside world: the API's dependencies and its public origin. */
export interface PortalDeps extends UseCaseDeps, AreaDeps {
  /** Creates the users a structure-admin invites: Cognito in AWS, the table alone locally. */
  provisioner: IdentityProvisioner;
}
