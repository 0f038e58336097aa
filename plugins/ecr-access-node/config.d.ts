export interface Config {
  /** Configuration of the ecr-access plugins. */
  ecrAccess?: {
    /**
     * The EKS clusters to audit. Each name must match a cluster of the Kubernetes plugin's
     * `kubernetes.clusterLocatorMethods`, which holds its URL and credentials; this adds what
     * the Kubernetes API does not tell.
     */
    clusters?: Array<{
      /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
      name: string;
      /** The 12-digit AWS account that owns the cluster. */
      accountId: string;
      /** The AWS region of the cluster, e.g. `us-east-1`. */
      region: string;
      /**
       * The cluster's IAM OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`).
       * When absent it is read with `eks:DescribeCluster`.
       */
      oidcIssuer?: string;
      /**
       * What the kubelets authenticate ECR pulls with. `node-role` (the EKS default): the
       * node's instance role, whatever the pod's ServiceAccount says. `service-account-token`:
       * the nodes' credential provider config has `tokenAttributes` (KEP-4412), so a
       * ServiceAccount's `eks.amazonaws.com/ecr-role-arn` is used for its pods' pulls.
       * This is not visible through the Kubernetes API, hence configured; the audit checks
       * what it can of it (kubelet 1.34 or later on the nodes, the RBAC that lets nodes request
       * `sts.amazonaws.com` tokens: `CREDENTIAL_PROVIDER_NOT_READY`). Default `node-role`.
       */
      imagePullAuth?: 'node-role' | 'service-account-token';
      /**
       * IAM roles of the cluster's nodes besides those of its EKS managed node groups, which the
       * audit reads itself (`eks:ListNodegroups`, `eks:DescribeNodegroup`): self-managed
       * nodes, Karpenter's node role. Lets the audit say whether the node role can pull a
       * repository and whether it is broader than pulling needs (`NODE_ROLE_TOO_BROAD`). When
       * the node groups, or the cluster's Nodes (where the other nodes are found), cannot be
       * read and none is listed here, the node role is unknown.
       */
      nodeRoleArns?: string[];
      /**
       * Fargate profiles of the cluster, where the audit cannot read them from EKS
       * (`eks:ListFargateProfiles`, `eks:DescribeFargateProfile`): on Fargate the pod
       * execution role pulls images, not a node role. The profiles read from EKS take
       * precedence over this; it is used only when they could not be read.
       */
      fargate?: {
        /**
         * The profiles' selectors, as in EKS: a pod runs on Fargate when its namespace matches
         * one and it carries all of that selector's labels (`*` and `?` are wildcards in both).
         * Take precedence over `namespaces`.
         */
        selectors?: Array<{
          namespace: string;
          /** Labels as `{ key, value }` (config keys cannot hold a label key's dots). */
          labels?: Array<{ key: string; value: string }>;
        }>;
        /**
         * Namespaces the Fargate profiles select, with no labels; all namespaces when neither
         * this nor `selectors` is given.
         */
        namespaces?: string[];
        /** The profiles' pod execution roles. */
        podExecutionRoleArns: string[];
      };
    }>;
  };
}
