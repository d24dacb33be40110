/**
 * The deployment's settings, each from its environment variable, else from the CDK context
 * (`cdk.json` holds the defaults, `-c key=value` overrides them). A missing or malformed value
 * stops synthesis with the setting's name.
 */
import type { App } from 'aws-cdk-lib';

export interface DeploymentSettings {
  /** Goes into resource names: short and lower-case (`dev`, `prod`). */
  readonly stage: string;
  /** Where everything runs; Paris (eu-west-3) by default. */
  readonly region: string;
  /** Unresolved without credentials: synthesis needs no AWS access. */
  readonly account: string | undefined;
  /**
   * The public host name of the portal and API (`appui.example.fr`), or empty before the first
   * deployment: CloudFront's own name is then the address, set here for the second one.
   */
  readonly domain: string;
  /** An ACM certificate in us-east-1 for `domain`, when it is not CloudFront's own name. */
  readonly certificateArn: string;
  /** The sender of every e-mail (digest, invitations, codes): `Name <address>` or an address. */
  readonly mailFrom: string;
  /** Who receives the alarms. */
  readonly alarmEmail: string;
  /** The prefix of the managed login's address (`<prefix>.auth.<region>.amazoncognito.com`), unique per region. */
  readonly authDomainPrefix: string;
}

interface Setting {
  readonly key: string;
  readonly variable: string;
  readonly pattern: RegExp;
}

/** The setting's value from its environment variable, else from the context; refused when it does not match. */
export function readSetting(
  app: App,
  { key, variable, pattern }: Setting,
  fallback?: string,
): string {
  const fromEnv = process.env[variable];
  const fromContext: unknown = app.node.tryGetContext(key);
  const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : (fromContext ?? fallback);
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Error(
      `Setting "${key}" must match ${pattern} (env ${variable} or context "${key}"), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const email = /^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i;

/** Reads every setting of a deployment. */
export function readDeploymentSettings(app: App): DeploymentSettings {
  const stage = readSetting(app, {
    key: 'stage',
    variable: 'APPUI_STAGE',
    pattern: /^[a-z][a-z0-9-]{0,19}$/,
  });
  return {
    stage,
    region: readSetting(app, {
      key: 'region',
      variable: 'APPUI_REGION',
      pattern: /^[a-z]{2}(-[a-z]+)+-\d$/,
    }),
    account: process.env.CDK_DEFAULT_ACCOUNT || undefined,
    domain: readSetting(
      app,
      {
        key: 'domain',
        variable: 'APPUI_DOMAIN',
        pattern: /^$|^(?=.{4,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/,
      },
      '',
    ),
    certificateArn: readSetting(
      app,
      {
        key: 'certificateArn',
        variable: 'APPUI_CERTIFICATE_ARN',
        pattern: /^$|^arn:aws:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
      },
      '',
    ),
    mailFrom: readSetting(app, {
      key: 'mailFrom',
      variable: 'APPUI_MAIL_FROM',
      pattern: /^(?:[^<>]+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
    }),
    alarmEmail: readSetting(app, {
      key: 'alarmEmail',
      variable: 'APPUI_ALARM_EMAIL',
      pattern: email,
    }),
    authDomainPrefix: readSetting(
      app,
      {
        key: 'authDomainPrefix',
        variable: 'APPUI_AUTH_DOMAIN_PREFIX',
        pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      },
      `appui-${stage}`,
    ),
  };
}

/** The sender's address and display name, from `Name <address>` or a bare address. */
export function senderOf(mailFrom: string): {
  address: string;
  name: string | undefined;
  domain: string;
} {
  const match = /^\s*(?:(.*?)\s*<([^<>]+)>|([^<>\s]+))\s*$/.exec(mailFrom);
  const address = match?.[2] ?? match?.[3];
  const domain = address?.split('@')[1];
  if (address === undefined || domain === undefined) throw new Error(`Not a sender: ${mailFrom}`);
  const name = match?.[1];
  return { address, name: name === undefined || name === '' ? undefined : name, domain };
}

/** The portal's public address: the custom domain, or CloudFront's name once known. */
export function publicUrlOf(settings: Pick<DeploymentSettings, 'domain'>): string | undefined {
  return settings.domain === '' ? undefined : `https://${settings.domain}`;
}

/** Where the managed login sends the browser back with its code: the portal's callback. */
export const authCallbackPath = '/auth/callback';
/** Where the portal sends the browser to sign in (it redirects to the managed login). */
export const signInPath = '/auth/sign-in';
