import {
  DescribeFargateProfileCommand,
  EKSClient,
  paginateListFargateProfiles,
} from '@aws-sdk/client-eks';
import type { FargateProfile } from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import { allPages } from './awsPages';
import { describeError } from './errors';
import type { CountOperation } from './roleFacts';

/** A profile read failed; the message names the operation, then the error. */
export class FargateProfilesUnreadable extends Error {
  name = 'FargateProfilesUnreadable' as const;
}

/** An operation failed: its name leads the reason, which the run records. */
function failed(operation: string) {
  return (error: unknown): never => {
    throw new FargateProfilesUnreadable(
      `${operation}: ${describeError(error)}`,
    );
  };
}

/**
 * The cluster's ACTIVE Fargate profiles and their selectors (`eks:ListFargateProfiles`, then
 * `eks:DescribeFargateProfile` for each, since the list answer holds names only); once per
 * cluster and audit, a few at a time. A profile being created, deleted or failed places no pod.
 * Throws, naming the operation, when any of them cannot be read: a partial set of profiles
 * would put pods of the unread ones on EC2.
 */
export async function readFargateProfiles(
  eks: EKSClient,
  clusterName: string,
  count: CountOperation,
): Promise<FargateProfile[]> {
  const names = await allPages(
    paginateListFargateProfiles({ client: eks }, { clusterName }),
    () => count('eks:ListFargateProfiles'),
    page => page.fargateProfileNames ?? [],
  ).catch(failed('eks:ListFargateProfiles'));
  const limit = pLimit(4);
  const described = await Promise.all(
    names.map(fargateProfileName =>
      limit(async () => {
        count('eks:DescribeFargateProfile');
        const { fargateProfile } = await eks
          .send(
            new DescribeFargateProfileCommand({
              clusterName,
              fargateProfileName,
            }),
          )
          .catch(failed(`eks:DescribeFargateProfile ${fargateProfileName}`));
        return fargateProfile;
      }),
    ),
  );
  return described.flatMap(p =>
    p?.status === 'ACTIVE' && p.fargateProfileName && p.podExecutionRoleArn
      ? [
          {
            name: p.fargateProfileName,
            podExecutionRoleArn: p.podExecutionRoleArn,
            selectors: (p.selectors ?? []).flatMap(s =>
              s.namespace
                ? [
                    {
                      namespace: s.namespace,
                      ...(s.labels && { labels: s.labels }),
                    },
                  ]
                : [],
            ),
          },
        ]
      : [],
  );
}
