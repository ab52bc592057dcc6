import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ReadinessCheck } from '@retail/common';

/**
 * Whether the gateway has loaded its supergraph: an Apollo Server plugin notes each schema load (Apollo calls
 * `schemaDidLoadOrUpdate` once the gateway has composed its query planner), and the readiness check reads it.
 */
export class SupergraphStatus {
  private loadedTypes = 0;

  readonly plugin: ApolloServerPlugin<BaseContext> = {
    serverWillStart: async () => ({
      schemaDidLoadOrUpdate: ({ apiSchema }) => {
        this.loadedTypes = Object.keys(apiSchema.getTypeMap()).length;
      },
    }),
  };

  readonly check: ReadinessCheck = {
    name: 'supergraph',
    check: async () => {
      if (this.loadedTypes === 0) throw new Error('the supergraph is not loaded');
    },
  };
}
