import { type CognitoClientSource, clientOf, cognitoSdk } from './cognito-client.ts';

/** The identity provider's side of a structure leaving: its users' accounts go. */
export interface IdentityRemover {
  /** Removes the account signed in with `email`; an account already gone is no error. */
  remove(email: string): Promise<void>;
}

/** Locally the user item is the whole account: it goes with the structure's partition. */
export function makeTableIdentityRemover(): IdentityRemover {
  return { remove: () => Promise.resolve() };
}

/** Cognito: AdminDeleteUser on the account (its user name is the e-mail address). */
export function makeCognitoIdentityRemover({
  client: source,
  userPoolId,
}: {
  client: CognitoClientSource;
  userPoolId: string;
}): IdentityRemover {
  return {
    async remove(email) {
      const [client, { AdminDeleteUserCommand, UserNotFoundException }] = await Promise.all([
        clientOf(source),
        cognitoSdk(),
      ]);
      try {
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
      } catch (error: unknown) {
        if (!(error instanceof UserNotFoundException)) throw error;
      }
    },
  };
}
