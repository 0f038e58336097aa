/**
 * The AWS console's host per partition: the China and GovCloud partitions have consoles of
 * their own, and a link to the commercial console would not find their roles.
 */
const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/** The role's name: the last segment of `arn:<partition>:iam::<account>:role/<path>/<name>`. */
export function roleNameOf(roleArn: string): string {
  return roleArn.split('/').pop() || roleArn;
}

/** A link to the role in the IAM console, or undefined for something that is not a role ARN. */
export function iamConsoleRoleUrl(roleArn: string): string | undefined {
  const match = /^arn:([^:]+):iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(
    roleArn,
  );
  if (!match) return undefined;
  const host = CONSOLE_HOSTS[match[1]];
  if (!host) return undefined;
  return `https://${host}/iam/home#/roles/details/${encodeURIComponent(
    match[2],
  )}`;
}
