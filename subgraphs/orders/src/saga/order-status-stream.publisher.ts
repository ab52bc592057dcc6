import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  ORDER_STATUS_STREAM_MAX_LENGTH,
  orderStatusStreamKey,
  type OrderStatusAnnouncement,
} from '@retail/common';
import Redis from 'ioredis';
import { ORDERS_CONFIG, type OrdersConfig } from '../config';

/**
 * Appends order status announcements to the order-status Redis stream (`XADD <prefix>:order-status MAXLEN ~
 * 10000 * orderId .. status .. at ..`). Only the outbox relay calls it, so only committed changes are announced.
 */
@Injectable()
export class OrderStatusStreamPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderStatusStreamPublisher.name);
  private client?: Redis;

  constructor(@Inject(ORDERS_CONFIG) private readonly config: OrdersConfig) {}

  get streamKey(): string {
    return orderStatusStreamKey(this.config.queuePrefix);
  }

  async publish(announcement: OrderStatusAnnouncement): Promise<void> {
    await this.publishMany([announcement]);
  }

  /** Appends announcements in the given order, in one round trip. */
  async publishMany(announcements: readonly OrderStatusAnnouncement[]): Promise<void> {
    const pipeline = this.redis().pipeline();
    for (const announcement of announcements) {
      pipeline.xadd(
        this.streamKey,
        'MAXLEN',
        '~',
        ORDER_STATUS_STREAM_MAX_LENGTH,
        '*',
        'orderId',
        announcement.orderId,
        'status',
        announcement.status,
        'at',
        announcement.at,
      );
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  /** Connected on first use: building the app (e.g. to print its SDL) needs no Redis. */
  private redis(): Redis {
    if (!this.client) {
      // A failed command rejects (the relay retries the message later); the connection reconnects on its own.
      this.client = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
      this.client.on('error', (error: Error) => this.logger.warn(`Redis (order-status stream): ${error.message}`));
    }
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
