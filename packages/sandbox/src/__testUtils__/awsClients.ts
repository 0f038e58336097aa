import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { Sandbox } from '../startSandbox';

/** Real SDK clients pointed at the sandbox, as AWS_ENDPOINT_URL would point them. */
export function awsClients(
  sandbox: Sandbox,
  options: { accessKeyId?: string; region?: string; maxAttempts?: number } = {},
) {
  const config = {
    endpoint: sandbox.awsEndpoint,
    region: options.region ?? 'us-east-1',
    maxAttempts: options.maxAttempts,
    credentials: {
      accessKeyId: options.accessKeyId ?? 'AKIASANDBOXPLATFORM1',
      secretAccessKey: 'sandbox-secret',
    },
  };
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    eks: new EKSClient(config),
    ecr: new ECRClient(config),
  };
}
