export { createApp } from './app';
export { loadPaymentsConfig, type PaymentsConfig, type PaymentGatewayConfig } from './config';
