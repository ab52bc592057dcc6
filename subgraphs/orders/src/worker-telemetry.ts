// The first import of the worker's entry file: tracing must start before the modules it instruments load.
import { startTelemetry } from '@retail/common/dist/telemetry/start-telemetry';

startTelemetry('orders-worker');
