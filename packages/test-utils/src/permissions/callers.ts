import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';

/** The user a call is made for, if a user's (services and anonymous callers have none). */
export function userOf(credentials?: BackstageCredentials): string | undefined {
  const principal = credentials?.principal as
    | { userEntityRef?: string }
    | undefined;
  return principal?.userEntityRef;
}

/** Whether a call is a service's (another plugin's, with its own token). */
export function isService(credentials?: BackstageCredentials): boolean {
  return (credentials?.principal as { type?: string })?.type === 'service';
}

/**
 * The credentials in a catalog or permissions call's options: the catalog service always
 * receives some, a client's token options never do (then the caller is nobody).
 */
export function credentialsOf(options?: object): BackstageCredentials {
  return (
    (options as { credentials?: BackstageCredentials } | undefined)
      ?.credentials ?? mockCredentials.none()
  );
}

/** The Authorization header of a request made as `user` (an entity ref). */
export function asUser(user: string): { Authorization: string } {
  return { Authorization: mockCredentials.user.header(user) };
}
