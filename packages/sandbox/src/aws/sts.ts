import { randomBytes } from 'node:crypto';
import { oidcProviderArn } from '../scenario/derived';
import { AwsContext } from './context';
import { AwsError } from './errors';
import { findRoleByArn } from './iam/roles';
import { IamRole } from './model';
import { conditionsHold, parsePolicy, toList } from './policyDocument';
import { QueryParams, required, XmlValue } from './query';

/**
 * STS: GetCallerIdentity, AssumeRole and AssumeRoleWithWebIdentity. Trust is
 * evaluated for the parts that matter to IRSA (the federated OIDC provider,
 * the action, and StringEquals/StringLike on `<issuer>:sub` and `:aud`);
 * issued credentials are registered so that later calls made with them act
 * in the role's account.
 */
type Result = Record<string, XmlValue>;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomKey(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  return prefix + [...bytes].map(b => ALNUM[b % ALNUM.length]).join('');
}

function accessDenied(
  ctx: AwsContext,
  action: string,
  roleArn: string,
): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${ctx.caller.arn} is not authorized to perform: sts:${action} on resource: ${roleArn}`,
    403,
  );
}

function issueCredentials(
  ctx: AwsContext,
  role: IamRole,
  session: string,
  seconds: number,
) {
  const accessKeyId = randomKey('ASIA', 16);
  const arn = `arn:aws:sts::${role.arn.split(':')[4]}:assumed-role/${
    role.name
  }/${session}`;
  ctx.state.credentials.set(accessKeyId, {
    account: role.arn.split(':')[4],
    arn,
    userId: `${role.roleId}:${session}`,
  });
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: randomBytes(96).toString('base64'),
      Expiration: new Date(ctx.now.getTime() + seconds * 1000),
    },
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${session}`, Arn: arn },
  };
}

function durationOf(params: QueryParams, role: IamRole): number {
  const seconds = Number(params.get('DurationSeconds') ?? 3600);
  if (
    !Number.isInteger(seconds) ||
    seconds < 900 ||
    seconds > role.maxSessionDuration
  ) {
    throw new AwsError(
      'ValidationError',
      `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
      400,
    );
  }
  return seconds;
}

function getCallerIdentity(ctx: AwsContext): Result {
  return {
    UserId: ctx.caller.userId,
    Account: ctx.caller.account,
    Arn: ctx.caller.arn,
  };
}

export function assumeRole(ctx: AwsContext, params: QueryParams): Result {
  const roleArn = required(params, 'RoleArn');
  const session = required(params, 'RoleSessionName');
  const role = findRoleByArn(ctx, roleArn);
  if (!role) throw accessDenied(ctx, 'AssumeRole', roleArn);
  const trusted = parsePolicy(role.trustPolicy, 'trust').Statement.some(
    statement => {
      if (
        statement.Effect !== 'Allow' ||
        !toList(statement.Action).some(
          a => a === 'sts:AssumeRole' || a === 'sts:*',
        )
      )
        return false;
      const principals =
        statement.Principal === '*'
          ? ['*']
          : toList((statement.Principal as { AWS?: string | string[] })?.AWS);
      return principals.some(
        p =>
          p === '*' ||
          p === ctx.caller.account ||
          p === `arn:aws:iam::${ctx.caller.account}:root` ||
          p === ctx.caller.arn,
      );
    },
  );
  if (!trusted) throw accessDenied(ctx, 'AssumeRole', roleArn);
  return issueCredentials(ctx, role, session, durationOf(params, role));
}

function decodeJwt(token: string): Record<string, unknown> {
  const parts = token.split('.');
  try {
    if (parts.length !== 3) throw new Error('not a JWT');
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new AwsError(
      'InvalidIdentityToken',
      'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
      400,
    );
  }
}

interface WebIdentityClaims {
  issuer: string;
  audience: string;
  subject: string;
}

function claimsOf(ctx: AwsContext, token: string): WebIdentityClaims {
  const claims = decodeJwt(token);
  if (typeof claims.exp === 'number' && claims.exp * 1000 < ctx.now.getTime()) {
    throw new AwsError(
      'ExpiredTokenException',
      'Token expired: current date/time is after the token exp claim',
      400,
    );
  }
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  return {
    issuer: String(claims.iss ?? ''),
    audience: String(aud ?? ''),
    subject: String(claims.sub ?? ''),
  };
}

/** STS first needs an IAM OIDC provider for the issuer in the role's account, with the audience as a client id. */
function providerFor(
  ctx: AwsContext,
  roleArn: string,
  claims: WebIdentityClaims,
): string {
  const roleAccount = roleArn.split(':')[4];
  const providerArn = oidcProviderArn(roleAccount, claims.issuer);
  const provider = ctx.state.accounts
    .get(roleAccount)
    ?.oidcProviders.get(providerArn);
  if (!provider) {
    throw new AwsError(
      'InvalidIdentityToken',
      `No OpenIDConnect provider found in your account for ${claims.issuer}`,
      400,
    );
  }
  if (
    provider.clientIds.length > 0 &&
    !provider.clientIds.includes(claims.audience)
  ) {
    throw new AwsError('InvalidIdentityToken', 'Incorrect token audience', 400);
  }
  return providerArn;
}

function trustsWebIdentity(
  role: IamRole,
  providerArn: string,
  claims: WebIdentityClaims,
): boolean {
  const host = claims.issuer.replace(/^https:\/\//, '');
  const context = {
    [`${host}:sub`]: claims.subject,
    [`${host}:aud`]: claims.audience,
  };
  return parsePolicy(role.trustPolicy, 'trust').Statement.some(
    statement =>
      statement.Effect === 'Allow' &&
      toList(statement.Action).includes('sts:AssumeRoleWithWebIdentity') &&
      toList(
        (statement.Principal as { Federated?: string | string[] })?.Federated,
      ).includes(providerArn) &&
      conditionsHold(statement.Condition, context),
  );
}

function assumeRoleWithWebIdentity(
  ctx: AwsContext,
  params: QueryParams,
): Result {
  const roleArn = required(params, 'RoleArn');
  const session = required(params, 'RoleSessionName');
  const claims = claimsOf(ctx, required(params, 'WebIdentityToken'));
  const providerArn = providerFor(ctx, roleArn, claims);
  const role = findRoleByArn(ctx, roleArn);
  if (!role || !trustsWebIdentity(role, providerArn, claims)) {
    throw new AwsError(
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      403,
    );
  }
  return {
    ...issueCredentials(ctx, role, session, durationOf(params, role)),
    SubjectFromWebIdentityToken: claims.subject,
    Provider: providerArn,
    Audience: claims.audience,
  };
}

export function runSts(
  action: string,
  ctx: AwsContext,
  params: QueryParams,
): Result {
  switch (action) {
    case 'GetCallerIdentity':
      return getCallerIdentity(ctx);
    case 'AssumeRole':
      return assumeRole(ctx, params);
    case 'AssumeRoleWithWebIdentity':
      return assumeRoleWithWebIdentity(ctx, params);
    default:
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action} for version 2011-06-15`,
        400,
      );
  }
}
