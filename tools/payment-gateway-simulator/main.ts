import './telemetry';
import { join, resolve } from 'node:path';
import { readBindHost, readConfig, readPort, readTlsConfig, stopTracing, telemetryLogger, type EnvReader } from '@retail/common';
import { startPaymentGatewaySimulator, type PaymentGatewaySimulatorOptions } from './payment-gateway-simulator';

/** The simulator's ledger: `ledger.jsonl` in PAYMENT_GATEWAY_LEDGER_DIR (relative to the working directory). */
export function readPaymentGatewayLedgerFile(reader: EnvReader): string {
  return join(resolve(reader.string('PAYMENT_GATEWAY_LEDGER_DIR', '.local/payment-gateway')), 'ledger.jsonl');
}

/** Reads the simulator's settings once; fails with every bad variable. */
export function loadPaymentGatewaySimulatorConfig(env: NodeJS.ProcessEnv = process.env): PaymentGatewaySimulatorOptions {
  return readConfig(
    (reader) => ({
      host: readBindHost(reader),
      port: readPort(reader, 'paymentGateway'),
      latencyMs: reader.int('PAYMENT_GATEWAY_LATENCY_MS', 50, { min: 0, max: 60_000 }),
      timeoutDelayMs: reader.int('PAYMENT_GATEWAY_TIMEOUT_DELAY_MS', 5_000, { min: 0, max: 600_000 }),
      apiKey: reader.string('PAYMENT_GATEWAY_API_KEY', 'sk_test_simulator'),
      ledgerFile: readPaymentGatewayLedgerFile(reader),
      tls: readTlsConfig(reader).server,
    }),
    env,
  );
}

async function main(): Promise<void> {
  const logger = telemetryLogger();
  const log = logger ? (line: string) => logger.log(line, 'PaymentGatewaySimulator') : undefined;
  const simulator = await startPaymentGatewaySimulator({ ...loadPaymentGatewaySimulatorConfig(), log });
  (log ?? console.log)(`payment gateway simulator listening on ${simulator.url}`);
  // Its last spans are exported before it exits.
  const stop = () => void simulator.close().then(() => stopTracing(2_000)).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  void main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
