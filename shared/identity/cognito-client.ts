/**
 * Cognito's client, loaded by the first account created or removed: the SDK is not part of a
 * cold start, and only the requests that create or remove an account pay for loading it.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** The Cognito client and commands, loaded by the first account created or removed. */
export const cognitoSdk = () => import('./cognito-sdk.ts');

/**
 * A Cognito client, or how to get one: a function's client is made (and the SDK loaded) when
 * its first account is created or removed, not at cold start (`cognitoClientOnFirstUse`).
 */
export type CognitoClientSource =
  | CognitoIdentityProviderClient
  | (() => Promise<CognitoIdentityProviderClient>);

/** The region's Cognito client, made once, on first use. */
export function cognitoClientOnFirstUse(
  region: string,
): () => Promise<CognitoIdentityProviderClient> {
  let client: Promise<CognitoIdentityProviderClient> | undefined;
  return () => {
    client ??= cognitoSdk().then((sdk) => new sdk.CognitoIdentityProviderClient({ region }));
    return client;
  };
}

export const clientOf = (source: CognitoClientSource): Promise<CognitoIdentityProviderClient> =>
  typeof source === 'function' ? source() : Promise.resolve(source);
