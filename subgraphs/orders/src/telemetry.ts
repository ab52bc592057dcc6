// The first import of this process's entry file: tracing must start before the modules it instruments load.
import { startTelemetry } from '@retail/common/dist/telemetry/start-telemetry';

startTelemetry('orders');
