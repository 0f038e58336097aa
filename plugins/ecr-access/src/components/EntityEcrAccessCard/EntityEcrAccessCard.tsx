import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityInfoCard, useEntity } from '@backstage/plugin-catalog-react';
import { Flex, Text } from '@backstage/ui';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';
import {
  describePullStatusTimed,
  type EntityStatusResponse,
} from '@ecr-access/plugin-ecr-access-common';
import type { Entity } from '@backstage/catalog-model';
import { ClockProvider, TimedText, useClock } from '../common/clock';
import { searchedSelector } from '../common/selector';
import { useMuiSurfaceStyle } from '../common/palette';
import {
  ErrorState,
  LoadingState,
  NoWorkloadsState,
  NotAuditedState,
  NotYetCheckedState,
} from './CardStates';
import { configuredMechanisms, pullsInPlace } from '../common/inPlace';
import { CheckedAt } from './CheckedAt';
import { FindingList } from './FindingList';
import { PullHeadline } from './PullHeadline';
import { RefreshButton } from './RefreshButton';
import { WorkloadDetails } from './WorkloadDetails';

/**
 * The sentence for people, worded again by the card's clock: the stored sentence's ages
 * ("expired 2 days ago") date from when it was written, and would disagree with the live
 * countdown beside it. Same words, same function as the backend's (-common's), each age with
 * its UTC time in the tooltip.
 */
function Summary(props: { status: EntityStatusResponse }) {
  const now = useClock();
  return (
    <Text as="p" variant="body-medium">
      <TimedText text={describePullStatusTimed(props.status, now)} />
    </Text>
  );
}

/**
 * Findings the empty states say themselves: the clusters not read, and that nothing was
 * found (NO_WORKLOADS_FOUND, which the no-workloads state words with the label searched).
 */
const SAID_BY_EMPTY_STATE = new Set([
  'CLUSTER_UNREACHABLE',
  'NO_WORKLOADS_FOUND',
]);

function StatusBody(props: { status: EntityStatusResponse; entity: Entity }) {
  const { status } = props;
  // e.g. INPUT_MALFORMED: why nothing was found; unknown, not "no workloads".
  const whyNone = status.findings.filter(f => !SAID_BY_EMPTY_STATE.has(f.code));
  return (
    <Flex direction="column" gap="3">
      {/* Without workloads there is no mechanism to name; the empty state says why. */}
      {status.workloads.length > 0 && (
        <PullHeadline
          mechanisms={configuredMechanisms(status.mechanisms, status.workloads)}
          health={status.health}
          inPlace={pullsInPlace(
            status.workloads.flatMap(w => w.containers ?? []),
          )}
        />
      )}
      <Summary status={status} />
      <CheckedAt
        checkedAt={status.checkedAt}
        stale={status.stale}
        clusters={status.clusters}
      />
      {status.checked === false && (
        <NotYetCheckedState clusters={status.clusters} />
      )}
      {status.checked !== false && status.workloads.length === 0 && (
        <>
          {whyNone.length ? (
            <FindingList findings={whyNone} status={status} />
          ) : (
            <NoWorkloadsState
              searched={searchedSelector(props.entity)}
              clusters={status.clusters}
            />
          )}
        </>
      )}
      {status.workloads.length > 0 && (
        <>
          <FindingList findings={status.findings} status={status} />
          <section aria-label="Workloads">
            {status.workloads.map(w => (
              <WorkloadDetails
                key={`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`}
                workload={w}
              />
            ))}
          </section>
        </>
      )}
    </Flex>
  );
}

/** The Refresh button's state: the new status it answered with, until the entity changes. */
function useRefresh(entity: Entity, entityRef: string) {
  const api = useApi(ecrAccessApiRef);
  // A refresh answers with the new status; keep it until the entity changes.
  const [refreshed, setRefreshed] = useState<{
    entityRef: string;
    status: EntityStatusResponse;
  }>();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<Error>();

  const refresh = useCallback(async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      const status = await api.refreshEntity(getCompoundEntityRef(entity));
      setRefreshed({ entityRef, status });
    } catch (e) {
      setRefreshError(e as Error);
    } finally {
      setRefreshing(false);
    }
  }, [api, entity, entityRef]);

  return { refreshed, refreshing, refreshError, refresh };
}

/**
 * How the entity's workloads authenticate their ECR image pulls, for the entity overview page.
 *
 * @public
 */
export function EntityEcrAccessCard() {
  const { entity } = useEntity();
  const api = useApi(ecrAccessApiRef);
  const entityRef = stringifyEntityRef(entity);
  const loaded = useAsyncRetry(
    () => api.getEntityStatus(getCompoundEntityRef(entity)),
    [api, entityRef],
  );
  const { refreshed, refreshing, refreshError, refresh } = useRefresh(
    entity,
    entityRef,
  );
  const surface = useMuiSurfaceStyle();
  const status =
    refreshed?.entityRef === entityRef ? refreshed.status : loaded.value;

  let body;
  if (loaded.loading && !status) body = <LoadingState />;
  else if (loaded.error && !status)
    body = (
      <ErrorState
        title="Could not load the ECR access status"
        error={loaded.error}
        onRetry={loaded.retry}
      />
    );
  else if (!status)
    body = <NotAuditedState annotated={!!searchedSelector(entity)} />;
  else body = <StatusBody status={status} entity={entity} />;

  return (
    <EntityInfoCard
      title="ECR image pulls"
      headerActions={
        <RefreshButton
          entityRef={entityRef}
          isPending={refreshing}
          onRefresh={refresh}
        />
      }
    >
      <ClockProvider>
        <Flex direction="column" gap="3" style={surface}>
          {refreshError && (
            <ErrorState title="Refresh failed" error={refreshError} />
          )}
          {body}
        </Flex>
      </ClockProvider>
    </EntityInfoCard>
  );
}
