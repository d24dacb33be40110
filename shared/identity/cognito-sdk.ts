/**
 * What the identity use cases send to Cognito (cognito-client.ts loads it on first use): the client and
 * the few commands and errors they name, so the bundle holds those and not the client's every
 * command. Only the requests that create or remove an account pay for loading it.
 */
export {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserMFAPreferenceCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
