import { ResourceType } from './resources';
import { ObjectStore } from './store';

interface SimulatedClusterOptions {
  name: string;
  token: string;
  /** `<plural>` (every verb) or `<verb>:<plural>` entries answered with 403. */
  forbidden: Iterable<string>;
  /** Kubernetes minor version, e.g. `1.34`. */
  version: string;
  clock: () => Date;
  /**
   * Accept requests that carry no Authorization header at all (a wrong token is
   * still 401). kubectl never sends a bearer token over plain HTTP, so the CLI's
   * `--anonymous` turns this on for manual exploration.
   */
  allowAnonymous?: boolean;
  /** CRDs installed on this cluster; their APIs are 404 elsewhere. */
  crds?: Iterable<NonNullable<ResourceType['crd']>>;
}

/** One simulated cluster: its objects, the bearer token it accepts and its RBAC denials. */
export class SimulatedCluster {
  readonly store = new ObjectStore();
  /** The user the token authenticates as, quoted in 403 messages. */
  readonly user = 'system:serviceaccount:backstage:ecr-access';
  readonly name: string;
  readonly token: string;
  readonly version: string;
  readonly clock: () => Date;
  private readonly forbidden: Set<string>;
  private readonly allowAnonymous: boolean;
  private readonly crds: Set<string>;

  constructor(options: SimulatedClusterOptions) {
    this.name = options.name;
    this.token = options.token;
    this.version = options.version;
    this.clock = options.clock;
    this.forbidden = new Set(options.forbidden);
    this.allowAnonymous = options.allowAnonymous ?? false;
    this.crds = new Set(options.crds ?? []);
  }

  isAuthenticated(authorization: string | undefined): boolean {
    if (authorization === undefined) return this.allowAnonymous;
    return authorization === `Bearer ${this.token}`;
  }

  isForbidden(verb: string, plural: string): boolean {
    return (
      this.forbidden.has(plural) || this.forbidden.has(`${verb}:${plural}`)
    );
  }

  /** Whether the cluster serves this type: built-in kinds always, CRDs when installed. */
  serves(type: ResourceType): boolean {
    return !type.crd || this.crds.has(type.crd);
  }
}
