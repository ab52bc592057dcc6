export * from './payment-gateway-simulator';
export { loadPaymentGatewaySimulatorConfig, readPaymentGatewayLedgerFile } from './main';
export * from './payment-ledger';
