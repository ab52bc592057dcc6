import './telemetry';
import { readBindHost, readConfig, readPort, readTlsConfig, telemetryLogger } from '@retail/common';
import { startPaymentGatewaySimulator, type PaymentGatewaySimulatorOptions } from './payment-gateway-simulator';

/** Reads the simulator's settings once; fails with every bad variable. */
export function loadPaymentGatewaySimulatorConfig(env: NodeJS.ProcessEnv = process.env): PaymentGatewaySimulatorOptions {
  return readConfig(
    (reader) => ({
      host: readBindHost(reader),
      port: readPort(reader, 'paymentGateway'),
      latencyMs: reader.int('PAYMENT_GATEWAY_LATENCY_MS', 50, { min: 0, max: 60_000 }),
      timeoutDelayMs: reader.int('PAYMENT_GATEWAY_TIMEOUT_DELAY_MS', 5_000, { min: 0, max: 600_000 }),
      apiKey: reader.string('PAYMENT_GATEWAY_API_KEY', 'sk_test_simulator'),
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
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  void main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
