/**
 * Cognito's pre-token-generation trigger (event version 2): puts Appui's claims at the top of
 * the access and ID tokens, from the user's custom attributes, and refuses a token to a
 * structure-admin or funder who has no second factor enabled (MFA is optional at pool level
 * because prescribers may go without; see the README). Throwing makes Cognito refuse the sign-in.
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { type AddedClaims, claimsOf, customAttributes, mfaRequiredRoles } from './claims.ts';

const cognito = new CognitoIdentityProviderClient({});

/** The part of the trigger's answer Appui fills in. */
interface PreTokenAnswer {
  claimsAndScopeOverrideDetails: {
    idTokenGeneration: { claimsToAddOrOverride: AddedClaims; claimsToSuppress: string[] };
    accessTokenGeneration: { claimsToAddOrOverride: AddedClaims };
  };
}

/** The user has no second factor, though the role requires one. */
export class SecondFactorRequiredError extends Error {
  override readonly name = 'SecondFactorRequiredError';
}

export async function handler(
  event: PreTokenGenerationV2TriggerEvent,
): Promise<Omit<PreTokenGenerationV2TriggerEvent, 'response'> & { response: PreTokenAnswer }> {
  const claims = claimsOf(event.request.userAttributes);
  if (mfaRequiredRoles.includes(claims.role)) {
    const user = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }),
    );
    if ((user.UserMFASettingList ?? []).length === 0) {
      logger.warn('token refused: no second factor', {
        role: claims.role,
        user: claims.appui_user,
      });
      throw new SecondFactorRequiredError(
        'Votre rôle exige une double authentification : activez-la avant de vous connecter.',
      );
    }
  }
  return {
    ...event,
    response: {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: claims,
          claimsToSuppress: Object.values(customAttributes),
        },
        accessTokenGeneration: { claimsToAddOrOverride: claims },
      },
    },
  };
}
