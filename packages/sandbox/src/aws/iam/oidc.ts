import { oidcProviderArn } from '../../scenario/derived';
import { AwsContext, callerAccount } from '../context';
import { iamErrors } from '../errors';
import { memberList, QueryParams, required } from '../query';
import { requestTags } from './names';
import { IamResult, oidcView, tagList } from './views';

/** IAM quota: 100 OIDC providers per account. */
const OIDC_PROVIDERS_PER_ACCOUNT = 100;

export function createOpenIdConnectProvider(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const url = required(params, 'Url');
  if (!/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(url)) {
    throw iamErrors.invalidInput(
      `Invalid Url: ${url}. The URL must begin with https://`,
    );
  }
  const account = callerAccount(ctx);
  const arn = oidcProviderArn(account.id, url);
  if (account.oidcProviders.has(arn)) {
    throw iamErrors.alreadyExists(`Provider with url ${url} already exists.`);
  }
  if (account.oidcProviders.size >= OIDC_PROVIDERS_PER_ACCOUNT) {
    throw iamErrors.limitExceeded(
      `Cannot exceed quota for OpenIdIdpsPerAccount: ${OIDC_PROVIDERS_PER_ACCOUNT}`,
    );
  }
  const tags = requestTags(params);
  account.oidcProviders.set(arn, {
    arn,
    url: url.replace(/^https:\/\//, ''),
    clientIds: memberList(params, 'ClientIDList'),
    // Thumbprints are optional since 2023: IAM then uses its own trusted CA library.
    thumbprints: memberList(params, 'ThumbprintList'),
    createDate: ctx.now,
    tags,
  });
  return {
    OpenIDConnectProviderArn: arn,
    Tags: tagList(tags),
  };
}

function findProvider(ctx: AwsContext, arn: string) {
  const provider = callerAccount(ctx).oidcProviders.get(arn);
  if (!provider) {
    throw iamErrors.noSuchEntity(
      `OpenIDConnect Provider not found for arn ${arn}`,
    );
  }
  return provider;
}

export function getOpenIdConnectProvider(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  return oidcView(
    findProvider(ctx, required(params, 'OpenIDConnectProviderArn')),
  );
}

export function listOpenIdConnectProviders(ctx: AwsContext): IamResult {
  const arns = [...callerAccount(ctx).oidcProviders.keys()].sort();
  return { OpenIDConnectProviderList: arns.map(Arn => ({ Arn })) };
}

export function deleteOpenIdConnectProvider(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const arn = required(params, 'OpenIDConnectProviderArn');
  findProvider(ctx, arn);
  callerAccount(ctx).oidcProviders.delete(arn);
  return undefined;
}
