import { InputError } from '@backstage/errors';
import { ecrRepositoryArn } from '@ecr-access/plugin-ecr-access-node';

// ECR CreateRepository: repositoryName is 2-256 characters,
// (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)* (ECR API reference).
const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REPOSITORY_ARN =
  /^arn:([a-z-]+):ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/;

/**
 * The repository ARNs the pull policy names: a bare name is a repository of the cluster's
 * account and region; an ARN may name another account or region (a cross-account pull also
 * needs the repository policy) but must be in the cluster's partition. No wildcard: pull
 * stays scoped to the named repositories.
 */
export function repositoryArns(
  repositories: string[],
  cluster: { partition: string; accountId: string; region: string },
): string[] {
  if (repositories.length === 0) {
    throw new InputError('repositories: name at least one ECR repository');
  }
  const arns = repositories.map((repository, i) => {
    const field = `repositories[${i}]`;
    if (/[*?]/.test(repository)) {
      throw new InputError(
        `${field}: '${repository}' has a wildcard; name each repository`,
      );
    }
    const arn = REPOSITORY_ARN.exec(repository);
    if (!arn) {
      if (!isRepositoryName(repository)) {
        throw new InputError(
          `${field}: '${repository}' is neither an ECR repository name (lowercase, 2-256 characters, e.g. payments/api) nor a repository ARN`,
        );
      }
      return ecrRepositoryArn({ ...cluster, repository });
    }
    const [, partition, , , name] = arn;
    if (partition !== cluster.partition) {
      throw new InputError(
        `${field}: '${repository}' is in partition ${partition}, the cluster in ${cluster.partition}`,
      );
    }
    if (!isRepositoryName(name)) {
      throw new InputError(`${field}: '${name}' is not an ECR repository name`);
    }
    return repository;
  });
  // Sorted and unique so that the same input always gives the same policy document.
  return [...new Set(arns)].sort();
}

function isRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && REPOSITORY_NAME.test(name);
}
