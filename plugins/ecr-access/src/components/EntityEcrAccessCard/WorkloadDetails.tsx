import { Box, Text } from '@backstage/ui';
import type {
  ContainerStatus,
  PullSecretStatus,
  RefresherSummary,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { FieldList } from '../common/FieldList';
import { pullAuthLabel, RUNTIME_IDENTITY_LABELS } from '../common/labels';
import { RoleLink } from '../common/RoleLink';
import { StatusLabel } from '../common/StatusLabel';
import { timeAgo, useNow } from '../common/time';
import { pullAuthTone } from '../common/tones';
import { SecretExpiry } from './SecretExpiry';

/** The pull secrets the workload's containers rely on, once each. */
function secretsOf(containers: ContainerStatus[]): PullSecretStatus[] {
  const seen = new Map<string, PullSecretStatus>();
  for (const c of containers) {
    if (c.secret) seen.set(`${c.secret.namespace}/${c.secret.name}`, c.secret);
  }
  return [...seen.values()];
}

/** The role the kubelet pulls with: the container's, else the ServiceAccount's ecr-role-arn. */
function pullRoleOf(w: WorkloadStatus): string | undefined {
  return (
    w.containers.find(c => c.pullAuth === w.pullAuth && c.pullRoleArn)
      ?.pullRoleArn ??
    (w.ecrRoleArn || undefined)
  );
}

function RefresherText(props: { refresher: RefresherSummary; now: Date }) {
  const { refresher: r, now } = props;
  const every = r.intervalSeconds
    ? `every ${Math.round(r.intervalSeconds / 360) / 10} h`
    : undefined;
  const lastSuccess = timeAgo(r.lastSuccessAt, now);
  return (
    <>
      {r.kind} {r.namespace}/{r.name}
      {r.schedule ? ` (${r.schedule}${every ? `, ${every}` : ''})` : ''}
      {r.suspended ? ' — suspended' : ''}
      {'; last success '}
      {lastSuccess ?? 'unknown'}
    </>
  );
}

function SecretFields(props: { secret: PullSecretStatus; now: Date }) {
  const { secret, now } = props;
  const written = timeAgo(secret.lastWriteAt, now);
  return (
    <Box mt="2">
      <FieldList
        fields={[
          { label: 'Pull secret', value: `${secret.namespace}/${secret.name}` },
          {
            label: 'Secret age',
            value: written
              ? `written ${written}${
                  secret.writer ? ` by ${secret.writer}` : ''
                }`
              : undefined,
          },
          {
            label: 'Token expiry',
            value: secret.expiresAt ? (
              <SecretExpiry expiresAt={secret.expiresAt} />
            ) : undefined,
          },
          {
            label: 'Refresher',
            value: secret.refresher ? (
              <RefresherText refresher={secret.refresher} now={now} />
            ) : (
              'none: nothing rewrites this secret'
            ),
          },
        ]}
      />
    </Box>
  );
}

/** Everything the audit knows about how one workload pulls its images. */
export function WorkloadDetails(props: { workload: WorkloadStatus }) {
  const { workload: w } = props;
  const now = useNow(30_000);
  const pullRole = pullRoleOf(w);
  const title = `${w.kind} ${w.namespace}/${w.name}`;
  return (
    <Box as="section" aria-label={title} mt="3">
      <Text as="h5" variant="body-medium" weight="bold">
        {title}
      </Text>
      <FieldList
        fields={[
          { label: 'Cluster', value: w.cluster },
          { label: 'Namespace', value: w.namespace },
          { label: 'Workload', value: `${w.kind}/${w.name}` },
          { label: 'Service account', value: w.serviceAccount },
          {
            label: 'Pulls with',
            value: (
              <StatusLabel tone={pullAuthTone(w.pullAuth, w.health)}>
                {w.pullAuths.length > 1
                  ? w.pullAuths.map(pullAuthLabel).join(', ')
                  : pullAuthLabel(w.pullAuth)}
              </StatusLabel>
            ),
          },
          {
            label: 'Pull role',
            value: pullRole ? <RoleLink roleArn={pullRole} /> : undefined,
          },
          {
            label: 'Runtime identity',
            value: (
              <>
                {RUNTIME_IDENTITY_LABELS[w.runtimeIdentity] ??
                  w.runtimeIdentity}
                {w.runtimeRoleArn ? (
                  <>
                    {' ('}
                    <RoleLink roleArn={w.runtimeRoleArn} />)
                  </>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {secretsOf(w.containers).map(secret => (
        <SecretFields
          key={`${secret.namespace}/${secret.name}`}
          secret={secret}
          now={now}
        />
      ))}
    </Box>
  );
}
