import { DEFAULT_GATEWAY_URL, gatewayEndpoints } from './config';

describe(gatewayEndpoints.name, () => {
  it('defaults to the local gateway, with the WebSocket endpoint on the same path', () => {
    expect(gatewayEndpoints(undefined)).toEqual({ httpUrl: DEFAULT_GATEWAY_URL, wsUrl: 'ws://127.0.0.1:4000/graphql' });
    expect(gatewayEndpoints('  ')).toEqual(gatewayEndpoints(undefined));
  });

  it('follows https with wss', () => {
    expect(gatewayEndpoints('https://api.shop.example/graphql')).toEqual({
      httpUrl: 'https://api.shop.example/graphql',
      wsUrl: 'wss://api.shop.example/graphql',
    });
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => gatewayEndpoints('localhost:4000')).toThrow('http(s)');
    expect(() => gatewayEndpoints('not a url')).toThrow('not a URL');
  });
});
