import { asArray, asRecord, asString, metaOf } from './k8sJson';
import {
  ClusterSnapshot,
  FargateConfig,
  FargateProfile,
  FargateSelector,
} from './snapshot';
import { wildcardMatch } from './wildcard';

/*
 * Whether a workload's pods run on Fargate, and with which pod execution role they pull
 * (https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html): a pod goes to
 * Fargate when an ACTIVE profile has a selector matching its namespace and all of the
 * selector's labels; `*` and `?` are wildcards in namespaces, label keys and label values; of
 * several matching profiles the first by name is used, unless the pod's
 * `eks.amazonaws.com/fargate-profile` label names one of them.
 */

/** Where a workload's pods run, as far as it is known. @internal */
export type FargatePlacement =
  | { on: 'ec2' }
  | {
      on: 'fargate';
      /** The pod execution roles it may pull with: its profile's, else config's. */
      roleArns: string[];
    }
  | {
      on: 'unknown';
      /** Why: the profiles could not be read and Fargate nodes run in the cluster. */
      reason: string;
    };

const EC2: FargatePlacement = { on: 'ec2' };

/** The label a pod names its profile with when several match. */
const PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';

/**
 * Schedulers whose pods Fargate's admission webhook hands to `fargate-scheduler`: a pod of
 * another scheduler is placed by that scheduler, on nodes.
 */
const FARGATE_SCHEDULABLE = new Set(['default-scheduler', 'fargate-scheduler']);

/** A selector as the engine can trust it: a namespace, and string labels. */
function selectorOf(value: unknown): FargateSelector[] {
  const rec = asRecord(value);
  const namespace = asString(rec?.namespace);
  if (!namespace) return [];
  const labels = Object.fromEntries(
    Object.entries(asRecord(rec?.labels) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
  return [{ namespace, labels }];
}

/** Selectors as the engine can trust them. @internal */
export function selectorsOf(value: unknown): FargateSelector[] {
  return asArray(value).flatMap(selectorOf);
}

/** Profiles as the engine can trust them: a name, a role and selectors each. */
function profilesOf(value: unknown): FargateProfile[] {
  return asArray(value)
    .map(asRecord)
    .flatMap(p => {
      const name = asString(p?.name);
      const role = asString(p?.podExecutionRoleArn);
      const selectors = selectorsOf(p?.selectors);
      return name && role
        ? [{ name, podExecutionRoleArn: role, selectors }]
        : [];
    })
    .sort((a, b) => (a.name < b.name ? -1 : Number(a.name > b.name)));
}

/** A selector matches a pod of the namespace with all of the selector's labels. @internal */
export function selectorMatches(
  selector: FargateSelector,
  namespace: string,
  labels: Record<string, string>,
): boolean {
  if (!wildcardMatch(selector.namespace, namespace)) return false;
  const pod = Object.entries(labels);
  return Object.entries(selector.labels ?? {}).every(([key, value]) =>
    pod.some(([k, v]) => wildcardMatch(key, k) && wildcardMatch(value, v)),
  );
}

/** The pod template's metadata and spec (a CronJob's in its job template). */
function podTemplateOf(kind: string, workload: unknown) {
  let spec = asRecord(asRecord(workload)?.spec);
  if (kind === 'CronJob') spec = asRecord(asRecord(spec?.jobTemplate)?.spec);
  const template = asRecord(spec?.template);
  return { labels: metaOf(template).labels, spec: asRecord(template?.spec) };
}

/** The profile the pod runs with, from the profiles EKS answered with. */
function profilePlacement(
  profiles: FargateProfile[],
  namespace: string,
  labels: Record<string, string>,
): FargatePlacement {
  const matching = profiles.filter(p =>
    p.selectors.some(s => selectorMatches(s, namespace, labels)),
  );
  const named = matching.find(p => p.name === labels[PROFILE_LABEL]);
  const profile = named ?? matching[0];
  if (!profile) return EC2;
  return { on: 'fargate', roleArns: [profile.podExecutionRoleArn] };
}

/** What config says, where the profiles were not read: selectors, else namespaces. */
function configPlacement(
  fargate: boolean | FargateConfig,
  namespace: string,
  labels: Record<string, string>,
): FargatePlacement {
  const config = asRecord(fargate) ?? {};
  const roleArns = asArray(config.podExecutionRoleArns).flatMap(
    a => asString(a) ?? [],
  );
  const onFargate = (() => {
    if (fargate === true) return true;
    if (config.selectors !== undefined) {
      return selectorsOf(config.selectors).some(s =>
        selectorMatches(s, namespace, labels),
      );
    }
    const namespaces = asArray(config.namespaces);
    return namespaces.length === 0 || namespaces.includes(namespace);
  })();
  return onFargate ? { on: 'fargate', roleArns } : EC2;
}

/**
 * Whether some pod of the cluster may run on Fargate: a Fargate node is listed, or the Nodes
 * were not listed. With no Fargate node, no pod runs on Fargate.
 */
function fargateNodesMayRun(snapshot: ClusterSnapshot): boolean {
  if (snapshot.forbidden?.nodes || !Array.isArray(snapshot.nodes)) return true;
  return snapshot.nodes.some(
    n => metaOf(n).labels['eks.amazonaws.com/compute-type'] === 'fargate',
  );
}

/** Why the profiles being unread leaves the placement unknown, if it does. */
function unreadReason(snapshot: ClusterSnapshot): string | undefined {
  const reasons = asArray(snapshot.fargateProfilesUnread).flatMap(
    r => asString(r) ?? [],
  );
  if (!reasons.length || !fargateNodesMayRun(snapshot)) return undefined;
  const nodes = snapshot.forbidden?.nodes
    ? 'its Nodes could not be listed'
    : 'Fargate nodes run in it';
  return `the Fargate profiles of ${
    snapshot.cluster.name
  } could not be read (${reasons.join('; ')}) and ${nodes}`;
}

/**
 * Where the workload's pods run: the profiles read from EKS decide; config's `fargate` only
 * where they were not read; with neither, a cluster whose profiles could not be read and
 * where Fargate pods may run leaves it unknown. DaemonSets never run on Fargate.
 *
 * @internal
 */
export function fargatePlacement(
  snapshot: ClusterSnapshot,
  kind: string,
  workload: unknown,
  namespace: string,
): FargatePlacement {
  if (kind === 'DaemonSet') return EC2;
  const template = podTemplateOf(kind, workload);
  const scheduler = asString(template.spec?.schedulerName);
  if (scheduler && !FARGATE_SCHEDULABLE.has(scheduler)) return EC2;
  if (Array.isArray(snapshot.fargateProfiles)) {
    const profiles = profilesOf(snapshot.fargateProfiles);
    return profilePlacement(profiles, namespace, template.labels);
  }
  const fargate = snapshot.cluster.fargate;
  if (fargate) return configPlacement(fargate, namespace, template.labels);
  const reason = unreadReason(snapshot);
  return reason ? { on: 'unknown', reason } : EC2;
}
