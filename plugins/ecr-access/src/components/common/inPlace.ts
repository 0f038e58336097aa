import type {
  ContainerStatus,
  PullAuth,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { roleNameOf } from './iamConsole';
import { pullAuthLabel } from './labels';

/**
 * A pull secret that no longer works, and the credential that pulls in its place: the
 * container stays configured with the secret (`pullAuth`), `effectivePullAuth` pulls today.
 */
export interface PullInPlace {
  /** The mechanism the pull is configured with (a static or rotating secret). */
  configured: PullAuth;
  /** What pulls today in its place. */
  effective: PullAuth;
  /** The role pulling in its place, when known. */
  roleArn?: string;
}

/** Every distinct "X does not work, Y pulls in its place" among the containers. */
export function pullsInPlace(containers: ContainerStatus[]): PullInPlace[] {
  const seen = new Map<string, PullInPlace>();
  for (const c of containers) {
    if (!c.effectivePullAuth || c.effectivePullAuth === c.pullAuth) continue;
    const key = `${c.pullAuth}>${c.effectivePullAuth}>${c.pullRoleArn ?? ''}`;
    if (!seen.has(key)) {
      seen.set(key, {
        configured: c.pullAuth,
        effective: c.effectivePullAuth,
        roleArn: c.pullRoleArn,
      });
    }
  }
  return [...seen.values()];
}

/**
 * The mechanisms workloads are configured with. A mechanism that only pulls in a broken
 * secret's place (the node role covering for an expired static secret) is not one of them:
 * shown alone it would read as a healthy "Node role". Statuses without container details
 * keep every mechanism they list.
 */
export function configuredMechanisms(
  mechanisms: PullAuth[],
  workloads: WorkloadStatus[],
): PullAuth[] {
  const containers = workloads.flatMap(w => w.containers ?? []);
  return mechanisms.filter(
    m =>
      containers.some(c => c.pullAuth === m) ||
      !containers.some(c => c.effectivePullAuth === m),
  );
}

/** "the node role", "the Fargate pod execution role", "the IRSA role web-pull". */
export function inPlaceWho(p: PullInPlace): string {
  switch (p.effective) {
    case 'node-role':
      return 'the node role';
    case 'fargate-role':
      return 'the Fargate pod execution role';
    case 'service-account-role':
      return p.roleArn
        ? `the IRSA role ${roleNameOf(p.roleArn)}`
        : 'the IRSA role';
    default:
      return pullAuthLabel(p.effective).toLowerCase();
  }
}

/** "Static secret does not work: the node role pulls in its place". */
export function inPlaceText(p: PullInPlace): string {
  return `${pullAuthLabel(p.configured)} does not work: ${inPlaceWho(
    p,
  )} pulls in its place`;
}
