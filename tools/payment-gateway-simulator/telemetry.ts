// The first import of the simulator's entry file: tracing must start before the modules it instruments load.
import { startTelemetry } from '@retail/common/dist/telemetry/start-telemetry';

startTelemetry('payment-gateway-simulator');
