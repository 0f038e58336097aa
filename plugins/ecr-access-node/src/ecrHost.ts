/**
 * An ECR registry recognised from its host name.
 *
 * @public
 */
export type EcrHost =
  | {
      kind: 'private';
      accountId: string;
      region: string;
      partition: string;
      fips: boolean;
      dualStack: boolean;
      host: string;
    }
  | { kind: 'public'; host: string };

/**
 * Private ECR host forms, after the cloud-provider-aws ecr-credential-provider
 * pattern: `<acct>.dkr.ecr[-fips].<region>.<domain>` and the dual-stack
 * `<acct>.dkr-ecr[-fips].<region>.<domain>`, over every partition's domain.
 */
const PRIVATE =
  /^(\d{12})\.dkr([.-])ecr(-fips)?\.([a-z0-9-]+)\.(amazonaws\.com|amazonaws\.com\.cn|on\.aws|on\.amazonwebservices\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|amazonaws\.eu)$/;

const PUBLIC_HOSTS = ['public.ecr.aws', 'ecr-public.aws.com'];

/**
 * The AWS partition of a region, used to build ARNs.
 */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/**
 * Recognise an ECR host (registry part of an image reference, with or
 * without port). Returns undefined for other registries.
 *
 * @public
 */
export function parseEcrHost(registry: unknown): EcrHost | undefined {
  if (typeof registry !== 'string') return undefined;
  const host = registry.toLowerCase().replace(/:443$/, '');
  if (PUBLIC_HOSTS.includes(host)) return { kind: 'public', host };
  const m = PRIVATE.exec(host);
  if (!m) return undefined;
  const [, accountId, sep, fips, region, domain] = m;
  const dualStack = sep === '-';
  // The dual-stack form is only "dkr-ecr" on on.aws-style domains.
  if (dualStack !== domain.startsWith('on.')) return undefined;
  return {
    kind: 'private',
    accountId,
    region,
    partition: partitionOfRegion(region),
    fips: Boolean(fips),
    dualStack,
    host,
  };
}

/**
 * The ARN of an ECR repository.
 *
 * @public
 */
export function ecrRepositoryArn(opts: {
  partition: string;
  region: string;
  accountId: string;
  repository: string;
}): string {
  return `arn:${opts.partition}:ecr:${opts.region}:${opts.accountId}:repository/${opts.repository}`;
}
