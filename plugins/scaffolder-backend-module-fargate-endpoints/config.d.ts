export interface Config {
  /** Configuration of the fargate-endpoints plugins. */
  fargateEndpoints?: {
    /** The scaffolder module. */
    scaffolder?: {
      /**
       * Directory where `fargate-endpoints:publish:local` creates git repositories, for local
       * development without a git host. Relative paths resolve against the backend's working
       * directory (packages/backend under `yarn start`), like `file` catalog locations. Unset:
       * the action refuses to run.
       */
      localPublishDir?: string;
    };
  };
}
