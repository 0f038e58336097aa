import { Box, Text } from '@backstage/ui';
import {
  PULL_AUTHS,
  type ContainerStatus,
  type PullAuth,
  type PullSecretStatus,
  type WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { FieldList } from '../common/FieldList';
import { recognisedBy, refresherLine } from '../common/refresherText';
import { inPlaceText, pullsInPlace } from '../common/inPlace';
import { pullAuthLabel, RUNTIME_IDENTITY_LABELS } from '../common/labels';
import { RoleLink } from '../common/RoleLink';
import { StatusLabel } from '../common/StatusLabel';
import { useClock } from '../common/clock';
import { absoluteTime, timeAgo } from '../common/time';
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

const secretKey = (s: PullSecretStatus) => `${s.namespace}/${s.name}`;

/** The secrets another credential pulls in place of (they no longer work). */
function coveredSecrets(containers: ContainerStatus[]): Set<string> {
  return new Set(
    containers
      .filter(c => c.secret && c.effectivePullAuth)
      .map(c => secretKey(c.secret!)),
  );
}

/** The container the role comes from: the first one of the workload's mechanism with a role. */
function pullRoleContainer(w: WorkloadStatus): ContainerStatus | undefined {
  return w.containers.find(c => c.pullAuth === w.pullAuth && c.pullRoleArn);
}

/** The role the kubelet pulls with: the container's, else the ServiceAccount's ecr-role-arn. */
function pullRoleOf(w: WorkloadStatus): string | undefined {
  return pullRoleContainer(w)?.pullRoleArn ?? (w.ecrRoleArn || undefined);
}

/** The mechanisms the containers are configured with, in the usual order. */
function configuredOf(w: WorkloadStatus): PullAuth[] {
  if (w.containers.length === 0) return w.pullAuths;
  return PULL_AUTHS.filter(p => w.containers.some(c => c.pullAuth === p));
}

function SecretFields(props: {
  secret: PullSecretStatus;
  covered: boolean;
  now: Date;
}) {
  const { secret, covered, now } = props;
  const written = timeAgo(secret.lastWriteAt, now);
  const refresher = secret.refresher;
  return (
    <Box mt="2">
      <FieldList
        fields={[
          { label: 'Pull secret', value: `${secret.namespace}/${secret.name}` },
          {
            label: 'Secret age',
            value: written ? (
              <span title={absoluteTime(secret.lastWriteAt ?? '')}>
                {`written ${written}${
                  secret.writer ? ` by ${secret.writer}` : ''
                }`}
              </span>
            ) : undefined,
          },
          {
            label: 'Token expiry',
            value: secret.expiresAt ? (
              <SecretExpiry expiresAt={secret.expiresAt} covered={covered} />
            ) : undefined,
          },
          {
            label: 'Refresher',
            value: refresher
              ? refresherLine(refresher, now)
              : 'none: nothing rewrites this secret',
          },
          {
            label: 'Recognised by',
            value: refresher
              ? recognisedBy(refresher, secret.name) || undefined
              : undefined,
          },
        ]}
      />
    </Box>
  );
}

/** The configured mechanisms, then any credential that pulls in their place. */
function PullsWith(props: { workload: WorkloadStatus }) {
  const { workload: w } = props;
  return (
    <>
      <StatusLabel tone={pullAuthTone(w.pullAuth, w.health)}>
        {configuredOf(w).map(pullAuthLabel).join(', ')}
      </StatusLabel>
      {pullsInPlace(w.containers).map(p => (
        <span
          key={`${p.configured}>${p.effective}>${p.roleArn ?? ''}`}
          style={{ display: 'block' }}
        >
          <StatusLabel tone="warning">{inPlaceText(p)}</StatusLabel>
        </span>
      ))}
    </>
  );
}

function PullRole(props: { workload: WorkloadStatus; roleArn: string }) {
  return (
    <>
      <RoleLink roleArn={props.roleArn} />
      {pullRoleContainer(props.workload)?.effectivePullAuth
        ? " (pulls in the secret's place)"
        : null}
    </>
  );
}

function RuntimeIdentity(props: { workload: WorkloadStatus }) {
  const { workload: w } = props;
  return (
    <>
      {RUNTIME_IDENTITY_LABELS[w.runtimeIdentity] ?? w.runtimeIdentity}
      {w.runtimeRoleArn ? (
        <>
          {' ('}
          <RoleLink roleArn={w.runtimeRoleArn} />)
        </>
      ) : null}
    </>
  );
}

/** Everything the audit knows about how one workload pulls its images. */
export function WorkloadDetails(props: { workload: WorkloadStatus }) {
  const { workload: w } = props;
  const now = useClock();
  const pullRole = pullRoleOf(w);
  const covered = coveredSecrets(w.containers);
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
          { label: 'Pulls with', value: <PullsWith workload={w} /> },
          {
            label: 'Pull role',
            value: pullRole ? (
              <PullRole workload={w} roleArn={pullRole} />
            ) : undefined,
          },
          {
            label: 'Runtime identity',
            value: <RuntimeIdentity workload={w} />,
          },
        ]}
      />
      {secretsOf(w.containers).map(secret => (
        <SecretFields
          key={secretKey(secret)}
          secret={secret}
          covered={covered.has(secretKey(secret))}
          now={now}
        />
      ))}
    </Box>
  );
}
