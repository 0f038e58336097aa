import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import type { AwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import type { CountOperation } from './roleFacts';

/** `arn:aws:iam::aws:policy/…`: a policy AWS publishes, the same in every account. */
export function isAwsManagedPolicy(policyArn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(policyArn);
}

/**
 * AWS managed policy documents by ARN and version, kept across audits. A version's document
 * never changes (AWS publishes a new version instead), so the default version id that
 * GetPolicy names is enough to know whether the cached document still holds; only the latest
 * version read of each policy is kept, so the cache holds at most one document per AWS
 * managed policy in use.
 */
export class AwsManagedPolicyCache {
  private readonly documents = new Map<
    string,
    { versionId: string; document: Promise<string | undefined> }
  >();

  /** The document of `versionId`, read with `read` unless already known; a failed read is not kept. */
  document(
    policyArn: string,
    versionId: string,
    read: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const cached = this.documents.get(policyArn);
    if (cached?.versionId === versionId) return cached.document;
    const document = read();
    this.documents.set(policyArn, { versionId, document });
    document.catch(() => {
      if (this.documents.get(policyArn)?.document === document) {
        this.documents.delete(policyArn);
      }
    });
    return document;
  }
}

// One cache per set of clients: the plugin builds its clients once, so the cache lives as long
// as the plugin does (and a test's clients get a cache of their own).
const CACHES = new WeakMap<AwsClients, AwsManagedPolicyCache>();

export function awsManagedPolicyCache(
  clients: AwsClients,
): AwsManagedPolicyCache {
  let cache = CACHES.get(clients);
  if (!cache) {
    cache = new AwsManagedPolicyCache();
    CACHES.set(clients, cache);
  }
  return cache;
}

/**
 * Managed policy documents of one account, read once per audit whatever number of roles
 * attach them: the default version of a policy is the same document for every role. An AWS
 * managed policy's document comes from the cache when its default version is the one cached.
 */
export class ManagedPolicyDocuments {
  private readonly documents = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly iam: IAMClient,
    private readonly count: CountOperation,
    private readonly awsManaged: AwsManagedPolicyCache,
  ) {}

  get(policyArn: string): Promise<string | undefined> {
    let document = this.documents.get(policyArn);
    if (!document) {
      document = this.read(policyArn);
      this.documents.set(policyArn, document);
    }
    return document;
  }

  private async read(policyArn: string) {
    this.count('iam:GetPolicy');
    const { Policy } = await this.iam.send(
      new GetPolicyCommand({ PolicyArn: policyArn }),
    );
    const versionId = Policy?.DefaultVersionId;
    if (!versionId) return undefined;
    const readVersion = () => this.readVersion(policyArn, versionId);
    return isAwsManagedPolicy(policyArn)
      ? this.awsManaged.document(policyArn, versionId, readVersion)
      : readVersion();
  }

  private async readVersion(policyArn: string, versionId: string) {
    this.count('iam:GetPolicyVersion');
    const { PolicyVersion } = await this.iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: policyArn,
        VersionId: versionId,
      }),
    );
    return PolicyVersion?.Document;
  }
}
