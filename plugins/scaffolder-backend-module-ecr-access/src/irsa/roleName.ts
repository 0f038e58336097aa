import { InputError } from '@backstage/errors';

// IAM CreateRole: RoleName is 1-64 characters of [\w+=,.@-] (IAM API reference, CreateRole).
const IAM_ROLE_NAME = /^[\w+=,.@-]+$/;
const IAM_ROLE_NAME_MAX = 64;

/**
 * The role name for a ServiceAccount: the configured prefix, then the explicit name or
 * `<namespace>-<serviceAccount>`. The result must obey IAM's rules, which the error cites.
 */
export function irsaRoleName(opts: {
  prefix: string;
  namespace: string;
  serviceAccount: string;
  roleName?: string;
}): string {
  const base = opts.roleName ?? `${opts.namespace}-${opts.serviceAccount}`;
  const name = base.startsWith(opts.prefix) ? base : `${opts.prefix}${base}`;
  const field = opts.roleName ? 'roleName' : 'namespace and serviceAccountName';
  if (!IAM_ROLE_NAME.test(name)) {
    throw new InputError(
      `${field}: role name '${name}' may only contain letters, digits and +=,.@_- (IAM RoleName)`,
    );
  }
  if (name.length > IAM_ROLE_NAME_MAX) {
    throw new InputError(
      `${field}: role name '${name}' is ${name.length} characters after the prefix '${opts.prefix}'; IAM allows ${IAM_ROLE_NAME_MAX}. Pass a shorter roleName`,
    );
  }
  return name;
}

/** `arn:<partition>:iam::<account>:role<path><name>`. */
export function iamRoleArn(opts: {
  partition: string;
  accountId: string;
  path: string;
  roleName: string;
}): string {
  return `arn:${opts.partition}:iam::${opts.accountId}:role${opts.path}${opts.roleName}`;
}
