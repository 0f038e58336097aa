import { Alert, Button, Flex, Skeleton, Text } from '@backstage/ui';
import { ResponseError } from '@backstage/errors';
import type { ClusterAuditState } from '@ecr-access/plugin-ecr-access-common';
import { TimeAgo } from '../common/clock';

/** Shown while the status loads. */
export function LoadingState() {
  return (
    <Flex
      direction="column"
      gap="2"
      role="status"
      aria-label="Loading ECR access status"
    >
      <Skeleton width="60%" height={24} />
      <Skeleton width="90%" height={16} />
      <Skeleton width="80%" height={16} />
    </Flex>
  );
}

/**
 * The backend has no status for the entity: it has no Kubernetes annotation (the audit does
 * not look for it), or this user may not read it.
 */
export function NotAuditedState(props: { annotated: boolean }) {
  return (
    <Alert
      status="info"
      icon
      title="Not audited"
      description={
        props.annotated
          ? 'The ECR access audit has no status for this entity. It runs on a schedule; check back after the next run, or press Refresh to check it now.'
          : 'The ECR access audit looks only for entities with a backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation, and this entity has neither. Add one that matches the labels of its workloads.'
      }
    />
  );
}

/** "edge-euw1 (unreachable since 2 hours ago, never read)" for each cluster that was not read. */
function UnreadClusters(props: { clusters: ClusterAuditState[] }) {
  return (
    <ul aria-label="Clusters not read" style={{ margin: 0 }}>
      {props.clusters.map(c => (
        <li key={c.cluster}>
          {c.cluster}: unreachable
          {c.unreachableSince || c.checkedAt ? ' since ' : ''}
          <TimeAgo iso={c.unreachableSince ?? c.checkedAt} fallback="" />
          {c.lastSuccessAt ? '; last good read ' : '; never read'}
          {c.lastSuccessAt && <TimeAgo iso={c.lastSuccessAt} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * No cluster has been read for this entity yet: no health is claimed. Either the first audit
 * of its clusters is still running, or a cluster could not be read (named, with since when).
 */
export function NotYetCheckedState(props: { clusters: ClusterAuditState[] }) {
  const unread = props.clusters.filter(c => !c.reachable);
  if (unread.length === 0) {
    return (
      <Alert
        status="info"
        icon
        title="Not yet checked: first audit running"
        description="The audit has not read this entity's clusters yet, so how its workloads pull is unknown. The first audit of each cluster starts shortly after the backend starts; press Refresh to check this entity now."
      />
    );
  }
  return (
    <Alert
      status="warning"
      icon
      title="Not yet checked"
      description={
        <>
          <Text as="p" variant="body-small">
            No cluster could be read for this entity yet, so how its workloads
            pull is unknown.
          </Text>
          <UnreadClusters clusters={unread} />
        </>
      }
    />
  );
}

/**
 * The audit ran but no workload carries this entity's labels: says which selector was
 * searched, in which namespace, and on which clusters, so that the mismatch can be found,
 * and that this is unknown, not healthy (NO_WORKLOADS_FOUND).
 */
export function NoWorkloadsState(props: {
  searched?: { selector: string; namespace?: string };
  clusters: ClusterAuditState[];
}) {
  const read = props.clusters.filter(c => c.reachable).map(c => c.cluster);
  const where = read.length
    ? `on cluster${read.length > 1 ? 's' : ''} ${read.join(', ')}`
    : 'on the configured clusters';
  const namespace = props.searched?.namespace
    ? ` in namespace ${props.searched.namespace}`
    : '';
  return (
    <Alert
      status="warning"
      icon
      title="No workloads found"
      description={
        <>
          <Text as="p" variant="body-small">
            Searched label{' '}
            <code>
              {props.searched?.selector ?? 'backstage.io/kubernetes-id'}
            </code>
            {namespace} {where}: no Deployment, StatefulSet, DaemonSet, CronJob,
            Job or Argo Rollout matches. Workloads of other kinds (bare Pods,
            Knative Services…) are not checked, so how this entity pulls its
            images is unknown.
          </Text>
          <Text as="p" variant="body-small">
            Check that the workloads carry that label (or match the
            backstage.io/kubernetes-label-selector), and that they run in a
            cluster configured under ecrAccess.clusters.
          </Text>
        </>
      }
    />
  );
}

function explain(error: Error): string {
  if (ResponseError.is(error)) {
    const status = error.statusCode;
    if (status === 401 || status === 403) {
      return 'You are not allowed to read this status. Sign in again, or ask an admin for read access to this entity in the catalog.';
    }
    if (status === 503) {
      return `${error.body.error.message}.`;
    }
    return `The ecr-access backend answered ${status}: ${error.body.error.message}. Try again; if it persists, check the backend logs.`;
  }
  return `${error.message}. Check that the ecr-access backend plugin is installed and reachable, then try again.`;
}

/** Loading or refreshing failed; says what to do and offers a retry. */
export function ErrorState(props: {
  title: string;
  error: Error;
  onRetry?: () => void;
}) {
  return (
    <Alert
      status="danger"
      icon
      title={props.title}
      description={<Text as="span">{explain(props.error)}</Text>}
      customActions={
        props.onRetry && (
          <Button size="small" variant="secondary" onPress={props.onRetry}>
            Try again
          </Button>
        )
      }
    />
  );
}
