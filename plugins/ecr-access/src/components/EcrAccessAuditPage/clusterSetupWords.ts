import {
  findingDefinition,
  RUNTIME_IDENTITIES,
  type ClusterNodeRole,
  type ClusterPullSetup,
  type RuntimeIdentity,
} from '@ecr-access/plugin-ecr-access-common';
import { RUNTIME_IDENTITY_LABELS } from '../common/labels';
import type { StatusTone } from '../common/StatusLabel';

/** What the cluster's config declares about how its kubelets pull. */
export const IMAGE_PULL_AUTH_WORDS: Record<
  ClusterPullSetup['imagePullAuth'],
  string
> = {
  'service-account-token':
    'Service-account tokens (IRSA for pulls, KEP-4412) where a ServiceAccount sets eks.amazonaws.com/ecr-role-arn; else the node role',
  'node-role': 'The node role',
};

/** A node role's breadth: a tone, the words, and the finding code it stands for. */
export function nodeRoleWords(role: ClusterNodeRole): {
  tone: StatusTone;
  text: string;
  code?: 'NODE_ROLE_TOO_BROAD';
} {
  if (role.beyondPulling === undefined) {
    // Not read (or gone): unknown, never "narrow".
    return { tone: 'unknown', text: 'Not read: what it may do is unknown' };
  }
  if (role.beyondPulling.length === 0) {
    return {
      tone: 'ok',
      text: 'Nothing beyond pulling (as narrow as AmazonEC2ContainerRegistryPullOnly)',
    };
  }
  return {
    tone: 'warning',
    text: findingDefinition('NODE_ROLE_TOO_BROAD').title,
    code: 'NODE_ROLE_TOO_BROAD',
  };
}

type Preflight = NonNullable<ClusterPullSetup['credentialProvider']>;

/** The credential provider's preflight state in words. */
export function preflightWords(preflight: Pick<Preflight, 'state'>): {
  tone: StatusTone;
  text: string;
  code?: 'CREDENTIAL_PROVIDER_NOT_READY';
} {
  switch (preflight.state) {
    case 'ready':
      return {
        tone: 'ok',
        text: 'Ready: kubelets 1.34 or later, and nodes may request sts.amazonaws.com tokens',
      };
    case 'not-ready':
      return {
        tone: 'error',
        text: findingDefinition('CREDENTIAL_PROVIDER_NOT_READY').title,
        code: 'CREDENTIAL_PROVIDER_NOT_READY',
      };
    default:
      return {
        tone: 'unknown',
        text: 'Unknown: what decides it could not be read',
      };
  }
}

/** Workload counts in the order of the runtime identities, those with none left out. */
export function identityCounts(
  counts: Partial<Record<RuntimeIdentity, number>>,
): Array<{ identity: RuntimeIdentity; label: string; count: number }> {
  return RUNTIME_IDENTITIES.filter(id => counts[id]).map(identity => ({
    identity,
    label: RUNTIME_IDENTITY_LABELS[identity],
    count: counts[identity] ?? 0,
  }));
}
