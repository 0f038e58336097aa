import { InputError } from '@backstage/errors';
import { parseEcrHost } from '@ecr-access/plugin-ecr-access-node';
import { IMAGE_REFERENCE } from './renderManifestsInput';

/** The image the service will run, as the template asks for it. */
export interface ImageInput {
  /** The ECR registry host; default: the repository's (its account and region). */
  registry?: string;
  /** One of the role's repositories (a name of the cluster's account and region, or an ARN). */
  repository: string;
  tag: string;
}

const REPOSITORY_ARN =
  /^arn:([a-z-]+):ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/;

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]`: where the repository of that ARN is pulled from. */
function registryOf(arn: string): {
  host: string;
  accountId: string;
  region: string;
  name: string;
} {
  const [, partition, region, accountId, name] = REPOSITORY_ARN.exec(arn)!;
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    host: `${accountId}.dkr.ecr.${region}.${domain}`,
    accountId,
    region,
    name,
  };
}

/**
 * The image reference a later step renders (`<registry>/<repository>:<tag>`), checked against
 * the role being planned: its repository must be one the role may pull (else the pods could
 * never pull it), and its registry the one that repository lives in (same account and region).
 * `repositoryArns` pairs each of `repositories` with its ARN, in the order given.
 */
export function plannedImage(
  image: ImageInput,
  repositories: Array<{ given: string; arn: string }>,
): string {
  const repository = repositories.find(r => r.given === image.repository);
  if (!repository) {
    throw new InputError(
      `image.repository: '${
        image.repository
      }' is not among repositories (${repositories
        .map(r => r.given)
        .join(', ')}); the role could not pull it`,
    );
  }
  const home = registryOf(repository.arn);
  if (image.registry !== undefined) {
    const host = parseEcrHost(image.registry);
    if (
      host?.kind !== 'private' ||
      host.accountId !== home.accountId ||
      host.region !== home.region
    ) {
      throw new InputError(
        `image.registry: '${image.registry}' is not the registry of repository ${repository.given} (account ${home.accountId}, region ${home.region}: ${home.host})`,
      );
    }
  }
  const reference = `${image.registry ?? home.host}/${home.name}:${image.tag}`;
  if (!IMAGE_REFERENCE.test(reference)) {
    throw new InputError(
      `image: '${reference}' is not an image reference ([registry/]repository[:tag])`,
    );
  }
  return reference;
}
