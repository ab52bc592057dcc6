import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
// The saga's queue names are the orders service's; the gateway only shows them.
import { CHECKOUT_QUEUES } from '@retail/orders/dist/saga/checkout-queues';
import { redisConnectionOptions } from '@retail/orders/dist/saga/redis-connection';
import type { AdminConfig } from './queue-dashboard';

/** The Express app Bull Board serves its page and API from (an `express()` application). */
export type BoardApp = ReturnType<ExpressAdapter['getRouter']>;

export interface QueueBoard {
  app: BoardApp;
  close(): Promise<void>;
}

/**
 * Bull Board over the checkout saga's queues, with their Redis connections. Loaded by `QueueDashboard` on the
 * first administrator's request to the dashboard: Bull Board, its Express adapter and BullMQ (about 250 modules)
 * stay out of the gateway until then.
 */
export function createQueueBoard(
  config: AdminConfig,
  basePath: string,
  onQueueError: (queue: string, error: Error) => void,
): QueueBoard {
  const queues = Object.values(CHECKOUT_QUEUES).map(
    (name) => new Queue(name, { prefix: config.queuePrefix, connection: redisConnectionOptions(config.redisUrl) }),
  );
  for (const queue of queues) queue.on('error', (error) => onQueueError(queue.name, error));
  const board = new ExpressAdapter();
  board.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Checkout saga' } },
  });
  return {
    app: board.getRouter(),
    close: async () => {
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}
