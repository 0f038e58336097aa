import { ObjectStore } from './store';

/** One simulated cluster: its objects, the bearer token it accepts and its RBAC denials. */
export class SimulatedCluster {
  readonly store = new ObjectStore();
  /** The user the token authenticates as, quoted in 403 messages. */
  readonly user = 'system:serviceaccount:backstage:ecr-access';

  constructor(
    readonly name: string,
    readonly token: string,
    /** `<plural>` (every verb) or `<verb>:<plural>` entries answered with 403. */
    readonly forbidden: Set<string>,
    readonly version: string,
    readonly clock: () => Date,
    /**
     * Accept requests that carry no Authorization header at all (a wrong token is
     * still 401). kubectl never sends a bearer token over plain HTTP, so the CLI's
     * `--anonymous` turns this on for manual exploration.
     */
    readonly allowAnonymous = false,
  ) {}

  isAuthenticated(authorization: string | undefined): boolean {
    if (authorization === undefined) return this.allowAnonymous;
    return authorization === `Bearer ${this.token}`;
  }

  isForbidden(verb: string, plural: string): boolean {
    return (
      this.forbidden.has(plural) || this.forbidden.has(`${verb}:${plural}`)
    );
  }
}
