export * from './payment-gateway-simulator';
export { loadPaymentGatewaySimulatorConfig } from './main';
