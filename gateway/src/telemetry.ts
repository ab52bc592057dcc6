// The first import of this process's entry file: tracing must start before the modules it instruments load.
import { startTelemetry } from '@retail/common/dist/telemetry/start-telemetry';
import { useApolloGatewaySpansOnly } from './apollo-gateway-telemetry';

startTelemetry('gateway');
// Apollo's own data collection (host metrics sent to Apollo every hour, cloud metadata probes at start-up) is
// not part of this system's telemetry: off unless APOLLO_TELEMETRY_DISABLED says otherwise. Off, the gateway
// loads only the span part of @apollo/gateway's telemetry (README "Memory").
if (!process.env.APOLLO_TELEMETRY_DISABLED) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
useApolloGatewaySpansOnly();
