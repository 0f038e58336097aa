import {
  ContainerStatus,
  createFinding,
  Finding,
  healthRank,
  PullAuth,
  severityToHealth,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { ecrRepositoryArn, EcrHost, parseEcrHost } from './ecrHost';
import { ECR_TOKEN_LIFETIME_MS, ecrTokenTimes } from './dockerConfig';
import { ImageRef, parseImageRef } from './imageRef';
import { asRecord, asString } from './k8sJson';
import { findRefresher } from './refreshers';
import { refresherFindings, summarizeRefresher } from './refresherHealth';
import { PullTarget } from './pullPrincipal';
import { fallbackPull } from './fallbackPull';
import {
  pullSecretNames,
  ResolvedSecret,
  secretStatus,
  selectPullSecrets,
} from './pullSecrets';
import { FindingList, WorkloadContext } from './classifyContext';
import { repositoryFactsByName } from './iamFacts';
import { missingRepositoryFindings } from './missingRepository';
import {
  ASSUMED_ECR_TOKEN,
  describeVerdicts,
  SecretVerdict,
  verdictsAgree,
} from './unreadSecretSet';

/** An ECR token with less than this left breaks pulls soon, whatever refreshes it. */
const EXPIRES_SOON_MS = 2 * 3600_000;

type PrivateEcr = Extract<EcrHost, { kind: 'private' }>;

interface Draft {
  status: ContainerStatus;
  findings: FindingList;
}

/** An ECR Public image, pulled with a secret that has an entry for its host. */
interface PublicImage {
  publicHost: string;
  name: string;
}

/** The ECR image whose token a secret is judged for. */
type TokenImage = PullTarget | PublicImage;

function targetOf(ref: ImageRef, ecr: PrivateEcr): PullTarget {
  return {
    repositoryArn: ecrRepositoryArn({ ...ecr, repository: ref.repository }),
    accountId: ecr.accountId,
    region: ecr.region,
    name: ref.repository,
  };
}

/**
 * Where the repository is: missing from the registry the image names (missingRepository.ts),
 * or in another region (DESIGN.md: cross-region pulls work but cost and share the
 * other region's fate).
 */
function regionFindings(
  ctx: WorkloadContext,
  target: PullTarget,
  subject: string,
): Finding[] {
  const named = repositoryFactsByName(ctx.iam, target.accountId, target.name);
  const here = named.find(r => r.region === target.region);
  const elsewhere = named.filter(r => r.exists && r.region !== target.region);
  const missing = missingRepositoryFindings(target, here, elsewhere, subject);
  if (missing) return missing;
  if (target.region !== ctx.cluster.region) {
    return [
      createFinding(
        'ECR_REGION_MISMATCH',
        subject,
        `the image is pulled from ${target.region} while ${ctx.cluster.name} runs in ${ctx.cluster.region}`,
      ),
    ];
  }
  return [];
}

/** Why a secret of unknown hosts may not hold this image's token (`unreadHostsDoubt`). */
function doubtText(
  ctx: WorkloadContext,
  s: ResolvedSecret,
  target: PullTarget,
): string {
  const doubt = s.doubt;
  if (doubt && 'otherRegistries' in doubt)
    return `${ctx.subject} also pulls from ${doubt.otherRegistries.join(', ')}`;
  const where = [
    doubt?.account &&
      `account ${doubt.account}, not the cluster's ${ctx.cluster.accountId}`,
    doubt?.region &&
      `region ${doubt.region}, not the cluster's ${ctx.cluster.region}`,
  ].filter(Boolean);
  return `no refresher of ${s.name} declares the registry it writes, and ${
    target.name
  } is in ${where.join(' and ')}`;
}

/**
 * A secret of unknown hosts that may serve another registry than this image's (another image
 * of the pod's, or the cluster's own account and region). When the credential provider can
 * pull this image, the pull works whether or not the secret holds its token; otherwise
 * whether it works depends on what the secret holds: unknown, never a guess.
 */
function ambiguousSecretPull(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: PullTarget,
): void {
  const fb = fallbackPull(ctx, target);
  if (fb.ability === 'yes') {
    credentialProviderPull(ctx, draft, target, false);
    return;
  }
  draft.status.pullAuth = 'unknown';
  draft.status.secret = secretStatus(ctx, s, true);
  const text = `the hosts of pull secret ${
    s.name
  } were not read (ecrAccess.kubernetes.readPullSecretHosts is off) and ${doubtText(
    ctx,
    s,
    target,
  )}: whether ${s.name} holds the token for ${
    target.name
  } is unknown, and the ${fb.label} cannot be shown to pull it`;
  draft.findings.add(
    createFinding(
      'OBJECTS_NOT_READABLE',
      `Secret ${ctx.namespace}/${s.name}`,
      text,
    ),
  );
}

/** No usable pull secret: the credential provider pulls. */
function credentialProviderPull(
  ctx: WorkloadContext,
  draft: Draft,
  target: PullTarget,
  hadSecrets: boolean,
): void {
  const fb = fallbackPull(ctx, target);
  draft.status.pullAuth = fb.pullAuth;
  draft.status.pullRoleArn = fb.pullRoleArn;
  draft.findings.add(...fb.findings);
  if (hadSecrets && fb.ability === 'yes') {
    const text = `the pull secrets of ${ctx.subject} do not work for ${target.name}; the ${fb.label} pulls instead`;
    const finding = createFinding(
      'SECRET_MASKED_BY_NODE_ROLE',
      ctx.subject,
      text,
    );
    draft.findings.add(finding);
  }
}

/** The secret's token expired: does the credential provider pull in its place? */
function expiredFindings(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: TokenImage,
  expired: string,
): void {
  const subject = `Secret ${ctx.namespace}/${s.name}`;
  if ('publicHost' in target) {
    // No credential provider serves public.ecr.aws (EKS's matchImages name private ECR hosts),
    // and once a credential matched the kubelet never retries without one (kuberuntime_image.go
    // PullImage); ECR Public refuses an expired token, even for a public image.
    const text = `${expired}; ECR Public refuses an expired token, and the kubelet does not pull ${target.name} anonymously in its place`;
    draft.findings.add(createFinding('SECRET_EXPIRED', subject, text));
    return;
  }
  const fb = fallbackPull(ctx, target);
  if (fb.ability === 'yes') {
    // Never masked (DESIGN.md): the secret stays expired, next to who pulls instead.
    draft.status.effectivePullAuth = fb.pullAuth;
    draft.status.pullRoleArn = fb.pullRoleArn;
    draft.findings.add(...fb.findings);
    const inPlace = `${expired}; the ${fb.label} pulls in its place`;
    draft.findings.add(
      createFinding('SECRET_EXPIRED', subject, inPlace, 'warning'),
      createFinding(
        'SECRET_MASKED_BY_NODE_ROLE',
        subject,
        `pulls with ${s.name} fail and silently fall back to the ${fb.label}`,
      ),
    );
    return;
  }
  const then =
    fb.ability === 'no'
      ? `; the ${fb.label} cannot pull ${target.name} in its place`
      : `; whether the ${fb.label} pulls in its place is unknown`;
  draft.findings.add(createFinding('SECRET_EXPIRED', subject, expired + then));
}

/**
 * Findings about the token's age. `refreshed` is undefined when the
 * refresher could not be looked for.
 */
function expiryFindings(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: TokenImage,
  refreshed: boolean | undefined,
): void {
  const subject = `Secret ${ctx.namespace}/${s.name}`;
  const times = ecrTokenTimes(s.object, ctx.now);
  if (times.expiresAt === undefined) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'INPUT_MALFORMED',
        subject,
        `pull secret ${s.name} has no creationTimestamp or managedFields time, so its token age is unknown`,
      ),
    );
    return;
  }
  // Metadata-only reads do not see the hosts: say what they are taken from.
  let assumed = '';
  if (s.hosts === undefined && s.declared) {
    assumed = ` (its hosts were not read; ${
      s.declared.by
    } writes it for ${s.declared.hosts.join(', ')})`;
  } else if (s.hosts === undefined) {
    assumed = ASSUMED_ECR_TOKEN;
  }
  const left = times.expiresAt - ctx.now.getTime();
  const hours = (ms: number) => `${Math.floor(Math.abs(ms) / 3600_000)} h`;
  if (left <= 0) {
    // The kubelet tries the secret, fails, then the credential provider.
    const expired = `the ECR token in ${s.name} expired ${hours(
      left,
    )} ago (written ${hours(ECR_TOKEN_LIFETIME_MS - left)} ago)${assumed}`;
    expiredFindings(ctx, draft, s, target, expired);
    return;
  }
  if (refreshed === false || left < EXPIRES_SOON_MS) {
    const by = refreshed === false ? ' and nothing refreshes it' : '';
    draft.findings.add(
      createFinding(
        'SECRET_EXPIRES_SOON',
        subject,
        `the ECR token in ${s.name} expires in ${hours(left)}${by}${assumed}`,
      ),
    );
  }
}

function secretPull(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: TokenImage | undefined,
): void {
  const subject = `Secret ${ctx.namespace}/${s.name}`;
  draft.status.secret = secretStatus(ctx, s, target !== undefined);
  if (s.malformed) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'INPUT_MALFORMED',
        subject,
        `pull secret ${s.name}: ${s.malformed}`,
      ),
    );
    return;
  }
  const refresher = findRefresher(s.object, ctx.snapshot);
  const forbidden = ctx.snapshot.forbidden;
  const unsure =
    !refresher &&
    Boolean(
      forbidden?.cronJobs ||
        forbidden?.configMaps ||
        forbidden?.roles ||
        forbidden?.roleBindings ||
        forbidden?.clusterRoles ||
        forbidden?.clusterRoleBindings ||
        forbidden?.externalSecrets,
    );
  if (unsure) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'OBJECTS_NOT_READABLE',
        subject,
        `CronJobs, ConfigMaps, RoleBindings or ExternalSecrets could not be read in ${ctx.cluster.name}, so what refreshes ${s.name} is unknown`,
      ),
    );
  } else {
    draft.status.pullAuth = refresher ? 'rotating-secret' : 'static-secret';
  }
  const ofRefresher = refresher ? refresherFindings(refresher, ctx.now) : [];
  if (refresher) draft.status.secret.refresher = summarizeRefresher(refresher);
  const refreshed = unsure ? undefined : refresher !== undefined;
  if (target) expiryFindings(ctx, draft, s, target, refreshed);
  // A broken refresher is an error of its own, even while another credential pulls.
  draft.findings.add(...ofRefresher);
}

/** The pull judged by one secret alone, on a copy of the draft. */
function judgeAlone(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: PullTarget,
): SecretVerdict {
  const alone: Draft = {
    status: { ...draft.status },
    findings: new FindingList(),
  };
  secretPull(ctx, alone, s, target);
  const worst = [...alone.findings.items].sort(
    (a, b) =>
      healthRank(severityToHealth(b.severity)) -
      healthRank(severityToHealth(a.severity)),
  )[0];
  const health = worstHealth(
    alone.findings.items.map(f => severityToHealth(f.severity)),
  );
  const codes = alone.findings.items
    .map(f => f.code)
    .sort()
    .join(',');
  const { pullAuth, effectivePullAuth } = alone.status;
  return { secret: s, health, pullAuth, effectivePullAuth, codes, worst };
}

/**
 * Secrets of unknown hosts that give different answers (`unreadSecretSet.ts`): when the
 * credential provider can pull the image it works whichever holds the token, as in
 * `ambiguousSecretPull`; otherwise the answer depends on what they hold: unknown.
 */
function unreadSecretsPull(
  ctx: WorkloadContext,
  draft: Draft,
  verdicts: SecretVerdict[],
  target: PullTarget,
): void {
  const fb = fallbackPull(ctx, target);
  if (fb.ability === 'yes') {
    credentialProviderPull(ctx, draft, target, false);
    return;
  }
  draft.status.pullAuth = 'unknown';
  const names = verdicts.map(v => v.secret.name).join(', ');
  const text = `the hosts of pull secrets ${names} were not read (ecrAccess.kubernetes.readPullSecretHosts is off), so which of them holds the token for ${
    target.name
  } is unknown, and the answer depends on it: ${describeVerdicts(
    verdicts,
  )}. The ${fb.label} cannot be shown to pull ${target.name} in their place`;
  draft.findings.add(createFinding('OBJECTS_NOT_READABLE', ctx.subject, text));
}

/**
 * The secrets the kubelet may use for the image. Those whose hosts are known to match come
 * first (`selectPullSecrets`) and decide; several of unknown hosts are judged as a set.
 */
function candidatesPull(
  ctx: WorkloadContext,
  draft: Draft,
  candidates: ResolvedSecret[],
  target: PullTarget | undefined,
): void {
  const [first] = candidates;
  if (!target || first.matches !== undefined || candidates.length < 2) {
    secretPull(ctx, draft, first, target);
    return;
  }
  // In the pod's order, as the kubelet tries them.
  const named = pullSecretNames(ctx);
  const verdicts = [...candidates]
    .sort((a, b) => named.indexOf(a.name) - named.indexOf(b.name))
    .map(s => judgeAlone(ctx, draft, s, target));
  if (verdictsAgree(verdicts)) secretPull(ctx, draft, first, target);
  else unreadSecretsPull(ctx, draft, verdicts, target);
}

/**
 * An ECR Public image: anonymous unless a secret has an entry for its host, which the kubelet
 * then sends (it does not fall back to an anonymous pull), so that secret is judged like any
 * other. A secret whose hosts are unknown is no evidence it is for public.ecr.aws, so the
 * pull stays anonymous then, as it does when Secrets could not be read.
 */
function publicEcrPull(
  ctx: WorkloadContext,
  draft: Draft,
  ref: ImageRef,
): void {
  draft.status.pullAuth = 'anonymous';
  const names = pullSecretNames(ctx);
  if (!names.length || ctx.snapshot.forbidden?.secrets) return;
  const selection = selectPullSecrets(ctx, names, ref);
  const matching = selection.candidates.find(s => s.matches === true);
  if (!matching) return;
  const image = { publicHost: ref.registry, name: ref.repository };
  secretPull(ctx, draft, matching, image);
}

/**
 * A private ECR host written otherwise than the kubelet matches it: with a port (`:443`) or in
 * capitals. The kubelet looks credentials up by the host as written (pkg/credentialprovider,
 * `URLsMatch`: ports must be equal, each label a case-sensitive glob), so neither the ECR
 * credential provider (its matchImages carry no port, in lower case) nor a pull secret keyed by
 * the plain host applies: the pull is probably anonymous, which private ECR refuses. A secret
 * keyed by the host exactly as written would still serve it, so this is unknown, not an error,
 * and never the node role's or a secret's ok.
 */
function hostWrittenOtherwise(
  ctx: WorkloadContext,
  draft: Draft,
  ref: ImageRef,
  host: string,
): void {
  draft.status.pullAuth = 'unknown';
  const text = `image ${ref.normalized} names its ECR registry as ${ref.registry}; the kubelet matches credentials to the host as written, and neither the ECR credential provider nor a pull secret for ${host} applies to it, so the pull is probably anonymous and refused: write it as ${host}/${ref.repository}`;
  draft.findings.add(createFinding('INPUT_MALFORMED', ctx.subject, text));
}

function pullOf(ctx: WorkloadContext, draft: Draft, ref: ImageRef): void {
  const ecr = parseEcrHost(ref.registry);
  if (ecr?.kind === 'public') {
    publicEcrPull(ctx, draft, ref);
    return;
  }
  if (ecr && ref.registry !== ecr.host) {
    hostWrittenOtherwise(ctx, draft, ref, ecr.host);
    return;
  }
  const target = ecr ? targetOf(ref, ecr) : undefined;
  if (target) {
    draft.status.repositoryArn = target.repositoryArn;
    draft.findings.add(
      ...regionFindings(ctx, target, `image ${ref.normalized}`),
    );
  }
  const names = pullSecretNames(ctx);
  if (names.length && ctx.snapshot.forbidden?.secrets) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'SECRETS_NOT_READABLE',
        ctx.subject,
        `${ctx.subject} uses pull secrets ${names.join(
          ', ',
        )} but Secrets could not be listed in ${ctx.cluster.name}`,
      ),
    );
    return;
  }
  const selection = selectPullSecrets(ctx, names, ref);
  draft.findings.add(...selection.findings);
  if (selection.candidates.length) {
    candidatesPull(ctx, draft, selection.candidates, target);
  } else if (target && selection.ambiguous.length) {
    ambiguousSecretPull(ctx, draft, selection.ambiguous[0], target);
  } else if (target) {
    // Broken secrets only: a secret for another image of the pod is no mistake.
    const broken = selection.missing.length + selection.mismatched.length > 0;
    credentialProviderPull(ctx, draft, target, broken);
  } else {
    // Not ECR and no usable secret: the registry is pulled without credentials.
    draft.status.pullAuth = 'anonymous';
  }
}

/**
 * Classify the pull of one container image of a workload.
 *
 * @internal
 */
export function classifyContainer(
  ctx: WorkloadContext,
  container: unknown,
  init: boolean,
  index: number,
): ContainerStatus {
  const rec = asRecord(container);
  const name = asString(rec?.name) ?? `#${index + 1}`;
  const image = typeof rec?.image === 'string' ? rec.image : '';
  const draft: Draft = {
    status: {
      name,
      init,
      image,
      pullAuth: 'unknown' as PullAuth,
      findings: [],
      health: 'ok',
    },
    findings: new FindingList(),
  };
  const parsed = parseImageRef(rec?.image);
  if (!parsed.ok) {
    draft.findings.add(
      createFinding(
        'INPUT_MALFORMED',
        `container ${name} of ${ctx.subject}`,
        `image of container ${name}: ${parsed.error}`,
      ),
    );
  } else {
    draft.status.registry = parsed.ref.registry;
    pullOf(ctx, draft, parsed.ref);
  }
  draft.status.findings = draft.findings.items;
  draft.status.health = worstHealth(
    draft.status.findings.map(f => severityToHealth(f.severity)),
  );
  return draft.status;
}
