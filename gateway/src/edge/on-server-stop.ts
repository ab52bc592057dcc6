import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** An Apollo plugin that runs `close` when the server stops (connections the gateway opened for it). */
export function onServerStop(close: () => Promise<void>): ApolloServerPlugin<BaseContext> {
  return {
    async serverWillStart() {
      return { serverWillStop: close };
    },
  };
}
