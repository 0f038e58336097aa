import { Alert, Button, Flex, Skeleton, Text } from '@backstage/ui';
import { ResponseError } from '@backstage/errors';

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

/** The entity has never been audited (or this user may not read it). */
export function NotAuditedState() {
  return (
    <Alert
      status="info"
      icon
      title="Not audited yet"
      description="The ECR access audit has not checked this entity yet. It runs on a schedule and picks up entities with a backstage.io/kubernetes-id or kubernetes-label-selector annotation; check back after the next run, or press Refresh to check it now."
    />
  );
}

/**
 * No cluster has been read for this entity yet (down since start-up, or no audit ran): no
 * health is claimed, only that it is unknown.
 */
export function NotYetCheckedState() {
  return (
    <Alert
      status="warning"
      icon
      title="Not yet checked"
      description="No cluster could be read for this entity yet, so how its workloads pull is unknown. The clusters that could not be read are listed above."
    />
  );
}

/** The audit ran but no workload in any cluster carries this entity's labels. */
export function NoWorkloadsState() {
  return (
    <Alert
      status="warning"
      icon
      title="No workloads found"
      description="The audit found no Deployment, StatefulSet, DaemonSet, CronJob or Job for this entity in any cluster. Check that the workloads carry the label named by the entity's backstage.io/kubernetes-id (backstage.io/kubernetes-id=<id>) or match its backstage.io/kubernetes-label-selector, and that they run in a cluster configured under ecrAccess.clusters."
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
