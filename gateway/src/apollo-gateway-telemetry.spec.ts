import { execFileSync } from 'node:child_process';
import { trace } from '@opentelemetry/api';
import {
  apolloDataCollectionDisabled,
  apolloGatewayOpenTelemetryFile,
  apolloGatewaySpans,
} from './apollo-gateway-telemetry';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(apolloGatewayOpenTelemetryFile()) as Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('@apollo/gateway/package.json') as { version: string };
const substitute = apolloGatewaySpans(version) as unknown as Record<string, unknown>;

describe("@apollo/gateway's telemetry without its data collection", () => {
  it('exports what the original exports', () => {
    expect(Object.keys(substitute).sort()).toEqual(Object.keys(original).sort());
  });

  it('has the same span and attribute names and metrics URL', () => {
    expect(substitute.OpenTelemetrySpanNames).toEqual(original.OpenTelemetrySpanNames);
    expect(substitute.OpenTelemetryAttributeNames).toEqual(original.OpenTelemetryAttributeNames);
    expect(substitute.APOLLO_OTEL_METRICS_URL).toBe(original.APOLLO_OTEL_METRICS_URL);
  });

  it("gets its tracer the way the original does: name and the gateway's version", () => {
    const getTracer = jest.spyOn(trace, 'getTracer');
    apolloGatewaySpans(version);
    expect(getTracer).toHaveBeenCalledWith('apollo/gateway-js', version);
    getTracer.mockRestore();
  });

  it('computes the same span attributes', () => {
    type Fn = (...args: unknown[]) => unknown;
    const both = (name: string, ...args: unknown[]) =>
      expect((substitute[name] as Fn)(...args)).toEqual((original[name] as Fn)(...args));
    for (const config of [undefined, {}, { includeDocument: true }, { includeDocument: false }]) {
      both('requestContextSpanAttributes', { operationName: 'Products', source: '{ products { id } }' }, config);
      both('requestContextSpanAttributes', { source: '{ a }' }, config);
      both('requestContextSpanAttributes', {}, config);
    }
    both('operationContextSpanAttributes', { operation: { operation: 'query' } });
    both('operationContextSpanAttributes', { operation: {} });
  });

  it('records the same exceptions', () => {
    const errors = [new Error('a'), new Error('b'), new Error('c')];
    for (const recordExceptions of [undefined, false, true, 0, -1, 1, 2, 5]) {
      const recorded = (fn: unknown) => {
        const span = { recordException: jest.fn() };
        (fn as (...args: unknown[]) => void)(span, errors, { recordExceptions });
        return span.recordException.mock.calls;
      };
      expect(recorded(substitute.recordExceptions)).toEqual(recorded(original.recordExceptions));
    }
  });

  it('reads APOLLO_TELEMETRY_DISABLED as @apollo/gateway does', () => {
    expect(apolloDataCollectionDisabled({ APOLLO_TELEMETRY_DISABLED: 'true' })).toBe(true);
    expect(apolloDataCollectionDisabled({ APOLLO_TELEMETRY_DISABLED: '1' })).toBe(true);
    expect(apolloDataCollectionDisabled({ APOLLO_TELEMETRY_DISABLED: 'false' })).toBe(false);
    expect(apolloDataCollectionDisabled({})).toBe(false);
  });

  it('keeps the metrics SDK and the cloud detectors out of a process that loads @apollo/gateway', () => {
    const script = `
      const ts = require('typescript');
      require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(require('fs').readFileSync(file, 'utf8'),
        { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
      const { useApolloGatewaySpansOnly } = require(${JSON.stringify(require.resolve('./apollo-gateway-telemetry'))});
      const installed = useApolloGatewaySpansOnly({ APOLLO_TELEMETRY_DISABLED: 'true' });
      const { ApolloGateway } = require('@apollo/gateway');
      process.env.APOLLO_TELEMETRY_DISABLED = 'true';
      new ApolloGateway({ supergraphSdl: 'type Query { a: Int }' });
      const loaded = Object.keys(require.cache).filter((file) => /@opentelemetry\\/(sdk-metrics|resource-detector|exporter-metrics)/.test(file));
      console.log(JSON.stringify({ installed, loaded }));`;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: __dirname });
    expect(JSON.parse(output)).toEqual({ installed: true, loaded: [] });
  });
});
