import { Box, Text } from '@backstage/ui';
import {
  PULL_AUTHS,
  type ContainerStatus,
  type PullAuth,
  type PullSecretStatus,
  type RefresherSummary,
  type WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { FieldList } from '../common/FieldList';
import { inPlaceText, pullsInPlace } from '../common/inPlace';
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

const NAMED_IN_PLACES: Record<string, string> = {
  command: 'its command',
  args: 'its args',
  env: 'an env value',
};

type NamedIn = NonNullable<RefresherSummary['namedIn']>[number];

function namedInPlace(n: NamedIn): string {
  if (n.configMap) return `ConfigMap ${n.configMap} (${n.source})`;
  return NAMED_IN_PLACES[n.source] ?? n.source;
}

/**
 * How the refresher was recognised, places only: "may write regcred (an RBAC rule names it);
 * names it in ConfigMap ecr-registry-helper-cm (envFrom)".
 */
function recognisedBy(r: RefresherSummary, secretName: string): string {
  const parts: string[] = [];
  if (r.writeAccess === 'scoped') {
    parts.push(`may write ${secretName} (an RBAC rule names it)`);
  } else if (r.writeAccess === 'broad') {
    parts.push(`may write any Secret, not only ${secretName}`);
  }
  const places = [...new Set((r.namedIn ?? []).map(namedInPlace))];
  if (places.length > 0) {
    const what = parts.length > 0 ? 'it' : secretName;
    parts.push(`names ${what} in ${places.join(', ')}`);
  }
  return parts.join('; ');
}

function hours(seconds: number): string {
  return `every ${Math.round(seconds / 360) / 10} h`;
}

/** The schedule as written and its longest gap, the interval, or why there is none. */
function cadenceOf(r: RefresherSummary): string {
  const every = r.intervalSeconds ? hours(r.intervalSeconds) : undefined;
  if (r.schedule) return ` (${r.schedule}${every ? `, ${every}` : ''})`;
  if (every) return ` (${every})`;
  if (r.kind === 'Job') return ' (runs once, no schedule)';
  if (r.kind === 'Deployment' || r.kind === 'Controller') {
    return ' (long-running, no schedule)';
  }
  return '';
}

const OUTCOME_WORDS: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  running: 'started',
};

/**
 * The last success and the latest run: "last success 2 hours ago", "last run
 * ecr-registry-helper-29312 succeeded 2 hours ago", "last success 8 hours ago; last run
 * ecr-registry-helper-29312 failed 3 hours ago". A long-running refresher (Deployment,
 * controller) has no runs: nothing is said rather than "last success unknown".
 */
function runsOf(r: RefresherSummary, now: Date): string | undefined {
  const lastSuccess = timeAgo(r.lastSuccessAt, now);
  const scheduled = r.kind === 'CronJob' || r.kind === 'ExternalSecret';
  const success =
    lastSuccess || scheduled
      ? `last success ${lastSuccess ?? 'unknown'}`
      : undefined;
  const run = r.lastRun;
  if (!run) return success;
  const at = timeAgo(run.at, now);
  const still = run.outcome === 'running' ? ', still running' : '';
  const runText = `last run ${run.name} ${
    OUTCOME_WORDS[run.outcome] ?? run.outcome
  }${at ? ` ${at}` : ''}${still}`;
  const sameRun =
    run.outcome === 'succeeded' &&
    (!r.lastSuccessAt || r.lastSuccessAt === run.at);
  if (sameRun || !success) return runText;
  return `${success}; ${runText}`;
}

/**
 * Kind and name, cadence, last success and latest run, as one piece of text: "CronJob
 * shop/ecr-cred-refresher (0 0-23/6 * * *, every 6 h); last success 2 hours ago".
 */
function refresherLine(r: RefresherSummary, now: Date): string {
  const runs = runsOf(r, now);
  return `${r.kind} ${r.namespace}/${r.name}${cadenceOf(r)}${
    r.suspended ? ' — suspended' : ''
  }${runs ? `; ${runs}` : ''}`;
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
            value: written
              ? `written ${written}${
                  secret.writer ? ` by ${secret.writer}` : ''
                }`
              : undefined,
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

/** Everything the audit knows about how one workload pulls its images. */
export function WorkloadDetails(props: { workload: WorkloadStatus }) {
  const { workload: w } = props;
  const now = useNow(30_000);
  const pullRole = pullRoleOf(w);
  const inPlace = pullsInPlace(w.containers);
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
          {
            label: 'Pulls with',
            value: (
              <>
                <StatusLabel tone={pullAuthTone(w.pullAuth, w.health)}>
                  {configuredOf(w).map(pullAuthLabel).join(', ')}
                </StatusLabel>
                {inPlace.map(p => (
                  <span
                    key={`${p.configured}>${p.effective}>${p.roleArn ?? ''}`}
                    style={{ display: 'block' }}
                  >
                    <StatusLabel tone="warning">{inPlaceText(p)}</StatusLabel>
                  </span>
                ))}
              </>
            ),
          },
          {
            label: 'Pull role',
            value: pullRole ? (
              <>
                <RoleLink roleArn={pullRole} />
                {pullRoleContainer(w)?.effectivePullAuth
                  ? " (pulls in the secret's place)"
                  : null}
              </>
            ) : undefined,
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
          key={secretKey(secret)}
          secret={secret}
          covered={covered.has(secretKey(secret))}
          now={now}
        />
      ))}
    </Box>
  );
}
