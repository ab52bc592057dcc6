import { ConfigError, readConfig } from '../config/env-reader';
import { readTracingConfig } from './tracing';

const read = (env: NodeJS.ProcessEnv) => readConfig((reader) => readTracingConfig(reader, env, 'orders-worker'), env);

describe('readTracingConfig', () => {
  it('is off unless an exporter is configured', () => {
    expect(read({}).enabled).toBe(false);
    expect(read({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(false);
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });

  it('exports over OTLP when an endpoint is set, as protobuf unless http/json is asked for', () => {
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      enabled: true,
      exporters: ['otlp'],
      protocol: 'http/protobuf',
      serviceName: 'orders-worker',
    });
    const json = read({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    expect(json).toMatchObject({ enabled: true, protocol: 'http/json' });
    expect(read({ OTEL_TRACES_EXPORTER: 'console' })).toMatchObject({ enabled: true, exporters: ['console'] });
  });

  it('names the service after the process unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(read({ OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'worker-eu-1' }).serviceName).toBe('worker-eu-1');
  });

  it('refuses values that would silently turn tracing off, all at once', () => {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_EXPORTER: 'jaeger' };
    expect(() => read(env)).toThrow(ConfigError);
    try {
      read(env);
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(' ')[0])).toEqual([
        'OTEL_EXPORTER_OTLP_PROTOCOL',
        'OTEL_TRACES_SAMPLER',
        'OTEL_TRACES_EXPORTER',
      ]);
    }
  });
});
