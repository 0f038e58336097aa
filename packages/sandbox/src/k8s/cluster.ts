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
  ) {}

  isForbidden(verb: string, plural: string): boolean {
    return this.forbidden.has(plural) || this.forbidden.has(`${verb}:${plural}`);
  }
}
