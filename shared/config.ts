import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';

/** What every Appui process needs to know about where it runs. */
export interface AppConfig {
  stage: string;
  region: string;
  tableName: string;
  /** Set locally (DynamoDB Local); absent in AWS, where the SDK finds the regional endpoint. */
  dynamoEndpoint: string | undefined;
}

/** Where tokens come from: the Cognito user pool in AWS, the development issuer locally. */
export interface AuthConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

/** Reads the token issuer's settings; only the functions that verify tokens call it. */
export function loadAuthConfig(): AuthConfig {
  const issuer = getStringFromEnv({ key: 'OIDC_ISSUER' });
  if (!URL.canParse(issuer)) throw new Error(`OIDC_ISSUER must be a URL, got "${issuer}"`);
  const jwksUrl = getStringFromEnv({
    key: 'OIDC_JWKS_URL',
    defaultValue: `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
  });
  if (!URL.canParse(jwksUrl)) throw new Error(`OIDC_JWKS_URL must be a URL, got "${jwksUrl}"`);
  return { issuer, audience: getStringFromEnv({ key: 'OIDC_AUDIENCE' }), jwksUrl };
}

/**
 * Reads the configuration from the environment once, at cold start, and throws with the
 * variable's name when one is missing or malformed.
 */
export function loadConfig(): AppConfig {
  const stage = getStringFromEnv({ key: 'APPUI_STAGE', defaultValue: 'local' });
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(stage)) {
    throw new Error(`APPUI_STAGE must be lower-case letters, digits and dashes, got "${stage}"`);
  }
  const endpoint = getStringFromEnv({ key: 'DYNAMODB_ENDPOINT', defaultValue: '' });
  if (endpoint !== '' && !URL.canParse(endpoint)) {
    throw new Error(`DYNAMODB_ENDPOINT must be a URL, got "${endpoint}"`);
  }
  const tableName = getStringFromEnv({ key: 'TABLE_NAME' });
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(tableName)) {
    throw new Error(`TABLE_NAME must be a DynamoDB table name, got "${tableName}"`);
  }
  return {
    stage,
    region: getStringFromEnv({ key: 'AWS_REGION', defaultValue: 'eu-west-3' }),
    tableName,
    dynamoEndpoint: endpoint === '' ? undefined : endpoint,
  };
}

/** The portal's public address, linked from e-mails: `APPUI_PUBLIC_URL`, locally http://localhost:3000. */
export function loadPublicUrl(): string {
  const value = getStringFromEnv({ key: 'APPUI_PUBLIC_URL', defaultValue: '' });
  const url = value === '' ? 'http://localhost:3000' : value;
  if (!URL.canParse(url) || !/^https?:\/\//.test(url)) {
    throw new Error(`APPUI_PUBLIC_URL must be an http(s) URL, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}

/** The Cognito user pool new users are created in; absent locally, where the table is the identity store. */
export function loadUserPoolId(): string | undefined {
  const userPoolId = getStringFromEnv({ key: 'USER_POOL_ID', defaultValue: '' });
  if (userPoolId !== '' && !/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) {
    throw new Error(`USER_POOL_ID must be a Cognito user pool id, got "${userPoolId}"`);
  }
  return userPoolId === '' ? undefined : userPoolId;
}

/** Who the daily digest comes from (a verified SES identity in AWS). */
export function loadMailFrom(): string {
  const from = getStringFromEnv({
    key: 'MAIL_FROM',
    defaultValue: 'Appui <ne-pas-repondre@appui.test>',
  });
  if (!/^(?:[^<>]+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from)) {
    throw new Error(`MAIL_FROM must be an e-mail address, optionally with a name, got "${from}"`);
  }
  return from;
}

/** The access roles the API assumes per request in AWS, by the kind of caller they serve. */
export interface AccessRoleArns {
  tenant: string;
  prescriber: string;
  funder: string;
  platform: string;
}

const accessRoleVariables = {
  tenant: 'TENANT_ACCESS_ROLE_ARN',
  prescriber: 'PRESCRIBER_ACCESS_ROLE_ARN',
  funder: 'FUNDER_ACCESS_ROLE_ARN',
  platform: 'PLATFORM_ACCESS_ROLE_ARN',
} as const satisfies Record<keyof AccessRoleArns, string>;

/**
 * The access roles' ARNs, all four or none: in AWS the API signs callers' requests with them
 * (tenant-credentials.ts); locally none is set and the scope guard alone checks each request.
 */
export function loadAccessRoleArns(): AccessRoleArns | undefined {
  const read = (key: string) => getStringFromEnv({ key, defaultValue: '' });
  const arns: AccessRoleArns = {
    tenant: read(accessRoleVariables.tenant),
    prescriber: read(accessRoleVariables.prescriber),
    funder: read(accessRoleVariables.funder),
    platform: read(accessRoleVariables.platform),
  };
  const set = Object.values(arns).filter((arn) => arn !== '');
  if (set.length === 0) return undefined;
  for (const role of ['tenant', 'prescriber', 'funder', 'platform'] as const) {
    const arn = arns[role];
    const variable = accessRoleVariables[role];
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)) {
      throw new Error(
        `${variable} must be an IAM role ARN (all four access roles or none), got "${arn}"`,
      );
    }
  }
  return arns;
}

/** The Cognito managed login the portal signs people in with (authorization code flow, PKCE). */
export interface CognitoLoginConfig {
  /** The managed login's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  loginUrl: string;
  /** The portal's public app client (no secret). */
  clientId: string;
}

/**
 * `COGNITO_LOGIN_URL` and `COGNITO_CLIENT_ID`, both or none: set in AWS, where the portal signs
 * people in through the managed login; absent locally, where the development issuer does.
 */
export function loadCognitoLogin(): CognitoLoginConfig | undefined {
  const loginUrl = getStringFromEnv({ key: 'COGNITO_LOGIN_URL', defaultValue: '' });
  const clientId = getStringFromEnv({ key: 'COGNITO_CLIENT_ID', defaultValue: '' });
  if (loginUrl === '' && clientId === '') return undefined;
  if (!URL.canParse(loginUrl) || !loginUrl.startsWith('https://')) {
    throw new Error(
      `COGNITO_LOGIN_URL must be an https URL (with COGNITO_CLIENT_ID), got "${loginUrl}"`,
    );
  }
  if (!/^[\w+]{1,128}$/.test(clientId)) {
    throw new Error(
      `COGNITO_CLIENT_ID must be a Cognito app client id (with COGNITO_LOGIN_URL), got "${clientId}"`,
    );
  }
  return { loginUrl: loginUrl.replace(/\/+$/, ''), clientId };
}
