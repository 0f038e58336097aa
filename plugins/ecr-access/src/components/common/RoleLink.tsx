import { Link } from '@backstage/ui';
import { iamConsoleRoleUrl, roleNameOf } from './iamConsole';

/** A role by name, linked to the IAM console of its partition; the full ARN as the title. */
export function RoleLink(props: { roleArn: string }) {
  const { roleArn } = props;
  const href = iamConsoleRoleUrl(roleArn);
  const name = roleNameOf(roleArn);
  if (!href) return <span title={roleArn}>{roleArn}</span>;
  return (
    <Link
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      title={roleArn}
      aria-label={`Role ${name} in the IAM console`}
    >
      {name}
    </Link>
  );
}
