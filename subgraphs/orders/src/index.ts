export { createApp, createWorker, createWorkerApp } from './app';
export { loadOrdersConfig, type OrdersConfig } from './config';
