import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/**
 * SDK clients per account (and region), with the account's credentials.
 *
 * @public
 */
export interface AwsClients {
  /** IAM client for the account (IAM is global, so no region). */
  iam(accountId: string): Promise<IAMClient>;
  /** ECR client for the account and region. */
  ecr(accountId: string, region: string): Promise<ECRClient>;
  /** EKS client for the account and region. */
  eks(accountId: string, region: string): Promise<EKSClient>;
  /** EC2 client for the account and region (the instance profiles of self-managed nodes). */
  ec2(accountId: string, region: string): Promise<EC2Client>;
}

// IAM is a global service whose endpoint lives in the partition's home region.
function iamRegion(partition: string) {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

type AwsService = 'iam' | 'eks' | 'ecr' | 'ec2';

/** Options of {@link SdkAwsClients}. @public */
export interface SdkAwsClientsOptions {
  /** Milliseconds one attempt may wait for its answer; default 15 s. */
  requestTimeoutMs?: number;
  /** Attempts per call, the first included; default 6, and 10 in adaptive mode. */
  maxAttempts?: number;
  /**
   * Retry mode of the IAM clients; default `standard`. The audit, which reads thousands of
   * roles from every cluster task of a replica at once, uses `adaptive` (see below); the
   * scaffolder's few interactive calls keep `standard`, which fails faster.
   */
  iamRetryMode?: 'standard' | 'adaptive';
  /**
   * Retry mode of the ECR clients; default `standard`. The audit reads the policy of every
   * repository its workloads pull from (one call each: ECR has no batch read of repository
   * policies), several at a time, and uses `adaptive` as for IAM.
   */
  ecrRetryMode?: 'standard' | 'adaptive';
}

/**
 * The SDK has no request timeout by default, so a hung endpoint would hold an audit until the
 * scheduler's task timeout; bounded, each attempt fails and the retry mode tries again. Without
 * `throwOnRequestTimeout` the handler only logs a warning when the timeout passes and keeps
 * waiting.
 *
 * IAM answers `Throttling` past a per-account request rate, and every cluster audit of a replica
 * reads roles of the same few accounts at once: with standard retries alone, enough attempts
 * fail at catalog scale that some roles end up unread. The IAM client of an account is shared
 * by all of them, so in `iamRetryMode: 'adaptive'` the client-side rate limiter, which slows
 * sending after throttling, paces the whole replica against that account's limit; more
 * attempts cover the ramp. EKS, EC2 and ECR see a handful of calls per audit and keep standard
 * retries. ECR answers one GetRepositoryPolicy per repository, thousands per cadence at catalog
 * scale, and is paced the same way in `ecrRetryMode: 'adaptive'`; EKS sees a handful of calls.
 */
function clientOptions(options: SdkAwsClientsOptions, service: AwsService) {
  const adaptive =
    (service === 'iam' && options.iamRetryMode === 'adaptive') ||
    (service === 'ecr' && options.ecrRetryMode === 'adaptive');
  return {
    retryMode: adaptive ? 'adaptive' : 'standard',
    maxAttempts: options.maxAttempts ?? (adaptive ? 10 : 6),
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: options.requestTimeoutMs ?? 15_000,
      throwOnRequestTimeout: true,
    },
  } as const;
}

/** What each SDK client is built with: its region, the account's credentials, the options. */
type SdkClientConfig = {
  region: string;
  credentials: AwsCredentialProvider['sdkCredentialProvider'];
} & ReturnType<typeof clientOptions>;

/**
 * Clients built with the credentials of `aws.accounts` / `aws.mainAccount`
 * (`@backstage/integration-aws-node`), cached per account and region, so that all the audits of
 * a replica share one client (and one IAM rate limiter) per account. Endpoints follow the SDK's own `AWS_ENDPOINT_URL*`
 * variables, which is how development points them at the sandbox.
 *
 * @public
 */
export class SdkAwsClients implements AwsClients {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly credentials: DefaultAwsCredentialsManager,
    private readonly partition = 'aws',
    private readonly options: SdkAwsClientsOptions = {},
  ) {}

  /** Clients with the credentials configured under `aws` in the app config. */
  static fromConfig(
    config: Config,
    partition?: string,
    options?: SdkAwsClientsOptions,
  ): SdkAwsClients {
    return new SdkAwsClients(
      DefaultAwsCredentialsManager.fromConfig(config),
      partition,
      options,
    );
  }

  /** IAM client for the account, in the partition's home region. */
  iam(accountId: string) {
    const region = iamRegion(this.partition);
    return this.client('iam', accountId, region, c => new IAMClient(c));
  }

  /** ECR client for the account and region. */
  ecr(accountId: string, region: string) {
    return this.client('ecr', accountId, region, c => new ECRClient(c));
  }

  /** EKS client for the account and region. */
  eks(accountId: string, region: string) {
    return this.client('eks', accountId, region, c => new EKSClient(c));
  }

  /** EC2 client for the account and region. */
  ec2(accountId: string, region: string) {
    return this.client('ec2', accountId, region, c => new EC2Client(c));
  }

  /** The service's client for the account and region, built once with its credentials. */
  private client<T>(
    service: AwsService,
    accountId: string,
    region: string,
    build: (config: SdkClientConfig) => T,
  ): Promise<T> {
    return this.cached(`${service}/${accountId}/${region}`, async () => {
      const { sdkCredentialProvider } =
        await this.credentials.getCredentialProvider({ accountId });
      return build({
        region,
        credentials: sdkCredentialProvider,
        ...clientOptions(this.options, service),
      });
    });
  }

  private cached<T>(key: string, create: () => Promise<T>): Promise<T> {
    let client = this.cache.get(key) as Promise<T> | undefined;
    if (!client) {
      client = create();
      this.cache.set(key, client);
    }
    return client;
  }
}
