export { createApp } from './app';
export { loadGatewayConfig, type GatewayConfig } from './config';
