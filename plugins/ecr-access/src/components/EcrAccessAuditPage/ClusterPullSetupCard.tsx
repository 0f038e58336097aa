import { Box, Text } from '@backstage/ui';
import {
  PULL_AUTHS,
  type ClusterPullSetup,
  type ClusterPullSetupItem,
} from '@ecr-access/plugin-ecr-access-common';
import { TimeAgo } from '../common/clock';
import { FieldList } from '../common/FieldList';
import { pullAuthLabel } from '../common/labels';
import { RoleLink } from '../common/RoleLink';
import { REDACTED, WITHHELD } from '../common/runErrors';
import { StatusLabel } from '../common/StatusLabel';
import {
  IMAGE_PULL_AUTH_WORDS,
  identityCounts,
  nodeRoleWords,
  preflightWords,
} from './clusterSetupWords';

const listStyle = { margin: 0, paddingLeft: '1.25rem' };

/** Whether the latest audit read the cluster, and so whether what follows is current. */
function Reachability(props: { item: ClusterPullSetupItem }) {
  const { state, pullSetup, readAt } = props.item;
  if (!state) {
    return (
      <StatusLabel tone="unknown">Not yet checked: no audit yet</StatusLabel>
    );
  }
  if (state.reachable) {
    return (
      <StatusLabel tone="ok">
        Read <TimeAgo iso={readAt ?? state.lastSuccessAt} />
      </StatusLabel>
    );
  }
  const withheld = state.error?.includes(REDACTED);
  return (
    <>
      <StatusLabel tone="unknown">
        Unknown since <TimeAgo iso={state.unreachableSince} />: the latest audit
        could not read it
        {pullSetup ? (
          <>
            ; below is its last known set-up, read <TimeAgo iso={readAt} />.
          </>
        ) : (
          <>, and none ever has.</>
        )}
      </StatusLabel>
      {state.error && (
        <Text as="p" variant="body-small" color="secondary">
          {state.error}
          {withheld && <span title={WITHHELD}> (addresses withheld)</span>}
        </Text>
      )}
    </>
  );
}

function NodeRoles(props: { setup: ClusterPullSetup }) {
  const { nodeRoles, nodeRolesUnknown } = props.setup;
  if (nodeRolesUnknown) {
    return <StatusLabel tone="unknown">{nodeRolesUnknown}</StatusLabel>;
  }
  if (nodeRoles.length === 0) {
    return (
      <StatusLabel tone="unknown">
        None known: configure nodeRoleArns, or let the audit read the EKS node
        groups
      </StatusLabel>
    );
  }
  return (
    <ul style={listStyle}>
      {nodeRoles.map(role => {
        const words = nodeRoleWords(role);
        return (
          <li key={role.arn}>
            <RoleLink roleArn={role.arn} /> ({role.sources.join(', ')}):{' '}
            <span title={words.code} data-finding-code={words.code}>
              <StatusLabel tone={words.tone}>{words.text}</StatusLabel>
            </span>
            {words.code && (
              <Text as="p" variant="body-small">
                Beyond pulling: {role.beyondPulling!.join('; ')}
              </Text>
            )}
          </li>
        );
      })}
    </ul>
  );
}

type Preflight = NonNullable<ClusterPullSetup['credentialProvider']>;

/** A preflight's state (the finding's title when not ready), then each problem in words. */
function PreflightState(props: {
  preflight: Pick<Preflight, 'state' | 'problems' | 'unknowns'>;
}) {
  const { preflight } = props;
  const words = preflightWords(preflight);
  const details = [...preflight.problems, ...preflight.unknowns];
  return (
    <>
      <span title={words.code} data-finding-code={words.code}>
        <StatusLabel tone={words.tone}>{words.text}</StatusLabel>
      </span>
      {details.length > 0 && (
        <ul style={listStyle}>
          {details.map(d => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function CredentialProvider(props: { setup: ClusterPullSetup }) {
  const preflight = props.setup.credentialProvider;
  if (!preflight) return <>Not used: the kubelets pull with the node role</>;
  return (
    <>
      <PreflightState preflight={preflight} />
      <Text as="p" variant="body-small" color="secondary">
        For pods without tolerations or a node selector; each workload is
        checked on the nodes it may run on.
        {preflight.limitedTo &&
          ` The nodes' audience grant covers only the ServiceAccounts ${preflight.limitedTo.join(
            ', ',
          )}.`}
      </Text>
      {preflight.onTaintedNodes && (
        <div data-preflight="tainted-nodes">
          <Text as="p" variant="body-small">
            On tainted nodes, for pods that tolerate them:
          </Text>
          <PreflightState preflight={preflight.onTaintedNodes} />
        </div>
      )}
    </>
  );
}

/** Workloads per pull mechanism, each with its runtime identities: a labelled list. */
function Workloads(props: { setup: ClusterPullSetup }) {
  const { cluster, workloads } = props.setup;
  const rows = PULL_AUTHS.filter(m => workloads[m]);
  if (rows.length === 0) return <>No workloads</>;
  return (
    <ul
      aria-label={`Workloads of ${cluster} by pull mechanism and runtime identity`}
      style={listStyle}
    >
      {rows.map(mechanism => {
        const counts = identityCounts(workloads[mechanism]!);
        const total = counts.reduce((sum, c) => sum + c.count, 0);
        return (
          <li key={mechanism}>
            <strong>{pullAuthLabel(mechanism)}</strong>: {total}; runtime
            identity {counts.map(c => `${c.label} ${c.count}`).join(', ')}
          </li>
        );
      })}
    </ul>
  );
}

/** One cluster at a glance: an article headed by its name, its fields as labelled pairs. */
export function ClusterPullSetupCard(props: { item: ClusterPullSetupItem }) {
  const { item } = props;
  const setup = item.pullSetup;
  const headingId = `cluster-pull-setup-${item.cluster}`;
  return (
    <Box as="article" aria-labelledby={headingId}>
      <Text as="h4" variant="title-x-small" weight="bold" id={headingId}>
        {item.cluster}
      </Text>
      <FieldList
        fields={[
          { label: 'Audit', value: <Reachability item={item} /> },
          ...(setup
            ? [
                {
                  label: 'Kubelets pull with',
                  value: IMAGE_PULL_AUTH_WORDS[setup.imagePullAuth],
                },
                { label: 'Node roles', value: <NodeRoles setup={setup} /> },
                {
                  label: 'Credential provider',
                  value: <CredentialProvider setup={setup} />,
                },
                { label: 'Workloads', value: <Workloads setup={setup} /> },
              ]
            : []),
        ]}
      />
    </Box>
  );
}
