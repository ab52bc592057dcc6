import { orderStatusStreamKey, readQueuePrefix, readRedisUrl, type EnvReader } from '@retail/common';

/** Where the gateway hears order status changes for live subscriptions. */
export interface LiveStatusConfig {
  redisUrl: string;
  /** `<QUEUE_PREFIX>:order-status`, the stream the orders outbox relay writes. */
  streamKey: string;
}

export function readLiveStatusConfig(reader: EnvReader): LiveStatusConfig {
  return {
    redisUrl: readRedisUrl(reader),
    streamKey: orderStatusStreamKey(readQueuePrefix(reader)),
  };
}
