import type { IdentityProvisioner } from '../shared/identity/provisioner.ts';
import type { Mailer } from '../shared/mail/message.ts';
import type { UseCaseDeps } from '../shared/use-case.ts';
import type { AreaDeps } from './area.tsx';
import type { CognitoSignIn } from './routes/auth.tsx';

/** What the portal needs from the outside world: the API's dependencies and its public origin. */
export interface PortalDeps extends UseCaseDeps, AreaDeps {
  /** Creates the users a structure-admin invites: Cognito in AWS, the table alone locally. */
  provisioner: IdentityProvisioner;
  /** Tells the holder of an address another structure tried to invite: SES in AWS, the outbox locally. */
  mailer: Mailer;
  /**
   * The managed login people sign in with, in AWS (`/auth/sign-in`, `/auth/callback`); absent
   * locally, where the development issuer's `/dev/sign-in` opens sessions.
   */
  cognito?: CognitoSignIn | undefined;
}
