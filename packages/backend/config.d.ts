export interface Config {
  /**
   * The ecr-access demo's own wiring, for running the "New service with IRSA" template end to
   * end against the sandbox where there is no Git host. Never enable it in a real installation.
   */
  ecrAccessDemo?: {
    sandbox?: {
      /**
       * Installs the demo-only scaffolder actions (`ecr-access-demo:*`: apply the rendered
       * manifests to a cluster, publish to a local folder and register it, refresh the new
       * entity's ECR access status) and lets the catalog register `file` locations. Only the
       * demo's app-config.yaml sets it. Default false.
       */
      enabled?: boolean;
      /**
       * Folder on the backend's machine where the demo "publishes" new services (one
       * sub-folder per service), instead of a Git repository. Default: a folder under the
       * operating system's temporary directory.
       */
      publishDirectory?: string;
    };
  };
}
