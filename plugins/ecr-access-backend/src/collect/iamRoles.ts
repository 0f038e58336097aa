import type { IAMClient } from '@aws-sdk/client-iam';
import type { IamRoleFacts } from '@ecr-access/plugin-ecr-access-node';
import type { AwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import type pLimit from 'p-limit';
import { readAccountAuthorizationDetails } from './accountAuthorizationDetails';
import { describeError } from './errors';
import {
  awsManagedPolicyCache,
  ManagedPolicyDocuments,
} from './managedPolicies';
import {
  CountOperation,
  readRoleFacts,
  roleFactsOf,
  roleNameOf,
} from './roleFacts';

/**
 * From this many roles referenced in one account, an audit reads the account's roles in bulk
 * (GetAccountAuthorizationDetails: one request per 1,000 roles and customer managed policies
 * of the account) instead of one by one (GetRole, ListRolePolicies, GetRolePolicy per inline
 * policy, ListAttachedRolePolicies: about 4 requests a role, each against the account's IAM
 * rate limit). Below it, one by one is a few quick requests, where a bulk read would fetch and
 * parse every role and policy of the account (up to 5,000 of each under IAM's quotas) for a
 * handful: a refresh of one entity, a small cluster.
 */
export const BULK_ROLES_PER_ACCOUNT = 20;

/** What every role read of one audit shares. */
export interface RoleReads {
  clients: AwsClients;
  limit: pLimit.Limit;
  count: CountOperation;
  /** What could not be read, and how the roles were read when not as planned. */
  errors: string[];
}

interface AccountRoles {
  accountId: string;
  iam: IAMClient;
  arns: string[];
  managed: ManagedPolicyDocuments;
}

function accountOf(roleArn: string) {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? '';
}

function byAccount(roleArns: string[]): Map<string, string[]> {
  const accounts = new Map<string, string[]>();
  for (const arn of new Set(roleArns)) {
    const accountId = accountOf(arn);
    accounts.set(accountId, [...(accounts.get(accountId) ?? []), arn]);
  }
  return accounts;
}

/** Each role of the account, a bounded number at a time; one that cannot be read is left out and recorded. */
async function eachRole(
  account: AccountRoles,
  reads: RoleReads,
  read: (arn: string) => Promise<IamRoleFacts>,
): Promise<IamRoleFacts[]> {
  const roles = await Promise.all(
    account.arns.map(arn =>
      reads.limit(async () => {
        try {
          return await read(arn);
        } catch (error) {
          reads.errors.push(`role ${arn}: ${describeError(error)}`);
          return undefined;
        }
      }),
    ),
  );
  return roles.filter((r): r is IamRoleFacts => !!r);
}

function oneByOne(account: AccountRoles, reads: RoleReads) {
  return eachRole(account, reads, arn =>
    readRoleFacts(
      account.iam,
      arn,
      policyArn => account.managed.get(policyArn),
      reads.count,
    ),
  );
}

function isAccessDenied(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'AccessDenied' || name === 'AccessDeniedException';
}

/** Why the account's roles were read one by one after all: said in the audit run. */
function fallbackNote(account: AccountRoles, error: unknown): string {
  const roles = `${account.arns.length} roles of account ${account.accountId}`;
  return isAccessDenied(error)
    ? `IAM: ${roles} read one by one (about 4 requests a role): the audit may not call iam:GetAccountAuthorizationDetails there, which reads them in bulk (AccessDenied; examples/iam/audit-readonly-policy.json grants it)`
    : `IAM: ${roles} read one by one: iam:GetAccountAuthorizationDetails failed (${describeError(
        error,
      )})`;
}

/** The account's roles from one bulk read; undefined (and said) when that read fails. */
async function inBulk(
  account: AccountRoles,
  reads: RoleReads,
): Promise<IamRoleFacts[] | undefined> {
  let details;
  try {
    const wanted = new Set(account.arns.map(roleNameOf));
    details = await reads.limit(() =>
      readAccountAuthorizationDetails(account.iam, wanted, reads.count),
    );
  } catch (error) {
    reads.errors.push(fallbackNote(account, error));
    return undefined;
  }
  const { roles, localPolicies } = details;
  const managedDocument = (policyArn: string) =>
    localPolicies.has(policyArn)
      ? Promise.resolve(localPolicies.get(policyArn))
      : account.managed.get(policyArn);
  return eachRole(account, reads, async arn => {
    const role = roles.get(roleNameOf(arn));
    return role
      ? roleFactsOf(arn, role, managedDocument)
      : { arn, exists: false };
  });
}

/** One account's roles, in bulk or one by one by how many the audit references there. */
async function readAccountRoles(
  accountId: string,
  arns: string[],
  reads: RoleReads,
  bulkFrom: number,
): Promise<IamRoleFacts[]> {
  let iam: IAMClient;
  try {
    iam = await reads.clients.iam(accountId);
  } catch (error) {
    arns.forEach(arn =>
      reads.errors.push(`role ${arn}: ${describeError(error)}`),
    );
    return [];
  }
  const cache = awsManagedPolicyCache(reads.clients);
  const managed = new ManagedPolicyDocuments(iam, reads.count, cache);
  const account = { accountId, iam, arns, managed };
  const bulk =
    arns.length >= bulkFrom ? await inBulk(account, reads) : undefined;
  return bulk ?? oneByOne(account, reads);
}

/**
 * Each referenced role's facts (trust, inline and managed policies, boundary), in the order
 * given; one that cannot be read is left out and recorded. The engine gets the same facts
 * whichever way an account's roles were read.
 */
export async function readRoles(
  roleArns: string[],
  reads: RoleReads,
  options: { bulkFrom?: number } = {},
): Promise<IamRoleFacts[]> {
  const bulkFrom = options.bulkFrom ?? BULK_ROLES_PER_ACCOUNT;
  const facts = new Map<string, IamRoleFacts>();
  await Promise.all(
    [...byAccount(roleArns)].map(async ([accountId, arns]) => {
      const roles = await readAccountRoles(accountId, arns, reads, bulkFrom);
      roles.forEach(role => facts.set(role.arn, role));
    }),
  );
  return [...new Set(roleArns)].flatMap(arn => facts.get(arn) ?? []);
}
