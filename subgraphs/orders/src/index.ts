export { createApp, createWorker } from './app';
export { loadOrdersConfig, type OrdersConfig } from './config';
