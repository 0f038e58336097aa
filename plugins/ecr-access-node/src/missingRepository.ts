import { createFinding, Finding } from '@ecr-access/plugin-ecr-access-common';
import { EcrRepositoryFacts } from './iamFacts';
import type { PullTarget } from './pullPrincipal';

/**
 * A repository missing from the registry the image names (DescribeRepositories answered
 * RepositoryNotFoundException, read with the registry account's own credentials), or
 * `undefined` when it is not missing there. Under a pull-through cache rule the first pull
 * creates it: then nothing is said here, and whether the pulling role may create it and
 * import the image is the role's check (cacheRulePull). With the rules unread, whether the
 * first pull creates it is unknown, never "not found".
 *
 * @internal
 */
export function missingRepositoryFindings(
  target: PullTarget,
  here: EcrRepositoryFacts | undefined,
  elsewhere: EcrRepositoryFacts[],
  subject: string,
): Finding[] | undefined {
  if (!here || here.exists) return undefined;
  const prefix = here.pullThroughCachePrefix;
  if (typeof prefix === 'string') return undefined;
  if (elsewhere.length) {
    const regions = elsewhere.map(r => r.region).join(', ');
    const text = `repository ${target.name} does not exist in ${target.region}, the region of the image reference; it exists in ${regions}`;
    return [createFinding('ECR_REGION_MISMATCH', subject, text, 'error')];
  }
  const where = `the registry of account ${target.accountId} in ${target.region}`;
  if (prefix === undefined) {
    const text = `repository ${target.name} does not exist in ${where}, and its pull-through cache rules could not be read (ecr:DescribePullThroughCacheRules), so whether the first pull creates it is unknown`;
    return [createFinding('IAM_FACTS_MISSING', subject, text)];
  }
  const text = `repository ${target.name} does not exist in ${where}, and no pull-through cache rule of that registry covers its name, so pulling the image fails (RepositoryNotFoundException)`;
  return [createFinding('ECR_REPOSITORY_NOT_FOUND', subject, text)];
}
