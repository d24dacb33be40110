import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { customAttributes } from '../../functions/auth-pre-token/claims.ts';
import { authCallbackPath } from '../config.ts';
import { AppuiFunction } from '../constructs/appui-function.ts';

export interface AuthStackProps extends StackProps {
  readonly stage: string;
  readonly sender: { address: string; name: string | undefined; domain: string };
  readonly senderIdentity: ses.IEmailIdentity;
  /** The portal's address, where the managed login sends the browser back; none before the first deployment. */
  readonly publicUrl: string | undefined;
  readonly authDomainPrefix: string;
}

/** The custom attributes, by the name Cognito gives them without `custom:`. */
const attributeName = (attribute: string) => attribute.replace(/^custom:/, '');

/**
 * Sign-in: a Cognito user pool (e-mail as username, no self sign-up: admins invite), custom
 * attributes holding the user id and the scope that only admins may write, a pre-token trigger
 * that turns them into Appui's claims (and refuses admins and funders without a second factor),
 * and the managed login for the portal (OAuth code flow with PKCE).
 *
 * MFA is OPTIONAL at pool level, because Cognito has one setting per pool and prescribers may go
 * without; structure-admins, funders and platform-admins get e-mail codes at creation
 * (identity.ts), and the trigger refuses them a token whenever no second factor is enabled.
 */
export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly preToken: AppuiFunction;
  /** The `iss` of the pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);

    this.preToken = new AppuiFunction(this, 'PreToken', {
      name: 'auth-pre-token',
      invocation: 'synchronous',
      stage: props.stage,
      description:
        'Cognito pre-token trigger: Appui claims from custom attributes, MFA for admins and funders',
      memorySize: 512,
      timeout: Duration.seconds(5),
    });

    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `appui-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
      },
      customAttributes: {
        [attributeName(customAttributes.role)]: new cognito.StringAttribute({
          minLen: 1,
          maxLen: 32,
          mutable: true,
        }),
        [attributeName(customAttributes.tenant)]: new cognito.StringAttribute({
          maxLen: 64,
          mutable: true,
        }),
        [attributeName(customAttributes.org)]: new cognito.StringAttribute({
          maxLen: 64,
          mutable: true,
        }),
        [attributeName(customAttributes.funder)]: new cognito.StringAttribute({
          maxLen: 64,
          mutable: true,
        }),
        [attributeName(customAttributes.territory)]: new cognito.StringAttribute({
          maxLen: 512,
          mutable: true,
        }),
        [attributeName(customAttributes.user)]: new cognito.StringAttribute({
          minLen: 1,
          maxLen: 64,
          mutable: false,
        }),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false, email: true },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      email: cognito.UserPoolEmail.withSES({
        fromEmail: props.sender.address,
        ...(props.sender.name === undefined ? {} : { fromName: props.sender.name }),
        sesVerifiedDomain: props.sender.domain,
        sesRegion: this.region,
      }),
      userInvitation: {
        emailSubject: 'Votre compte Appui',
        emailBody:
          'Bonjour,<br>un compte Appui vous a été ouvert. Identifiant : {username}<br>' +
          'Mot de passe provisoire : {####}<br>Vous choisirez le vôtre à la première connexion.',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool.node.addDependency(props.senderIdentity);
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preToken.fn,
      cognito.LambdaVersion.V2_0,
    );
    // A policy of its own, not the function's default one: the pool names the function as its
    // trigger, so the function cannot wait for the pool's ARN (a cycle); this policy can.
    new iam.Policy(this, 'PreTokenReadsMfaSettings', {
      roles: [this.preToken.fn.role ?? missingRole()],
      statements: [
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });

    const publicUrl = props.publicUrl ?? 'http://localhost:3000';
    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({
        email: true,
        emailVerified: true,
        givenName: true,
        familyName: true,
      })
      .withCustomAttributes(...Object.values(customAttributes).map(attributeName));
    this.client = this.userPool.addClient('Portal', {
      userPoolClientName: 'portal',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${publicUrl}${authCallbackPath}`],
        logoutUrls: [`${publicUrl}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: readable,
      // Users may change their names; the role, the scope and the user id are written by admins only.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        givenName: true,
        familyName: true,
      }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.issuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;

    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: 'USER_POOL_ID',
    });
    new CfnOutput(this, 'PortalClientId', {
      value: this.client.userPoolClientId,
      description: 'The portal app client (OIDC audience)',
    });
    new CfnOutput(this, 'Issuer', { value: this.issuer, description: 'OIDC_ISSUER' });
    new CfnOutput(this, 'ManagedLoginUrl', {
      value: this.domain.baseUrl(),
      description: 'The managed login',
    });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL at pool level because prescribers may go without; structure-admins, funders and platform-admins get e-mail codes at creation and the pre-token trigger refuses them a token without a second factor.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is billed per active user; sign-in is by invitation only, with MFA for every role that sees a structure or a region. An operator may turn it on.',
      },
    );
  }
}

function missingRole(): never {
  throw new Error('a Lambda function made here always has a role');
}
