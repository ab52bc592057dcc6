import net from 'node:net';

/**
 * Preloaded (`node --require`) into the federation gateway audit's processes, which are written for Node 24
 * and listen on every interface: every server binds 127.0.0.1 unless told a host, and Node 20 gets the one
 * missing API the audit uses, `Promise.withResolvers`.
 */
const listen = net.Server.prototype.listen as (...args: unknown[]) => net.Server;
net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]): net.Server {
  const [first, second] = args;
  if (typeof first === 'number' && typeof second !== 'string') args.splice(1, 0, '127.0.0.1');
  else if (typeof first === 'object' && first !== null && !('path' in first) && !('host' in first)) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
} as typeof net.Server.prototype.listen;

type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };
const promises = Promise as unknown as { withResolvers?: WithResolvers };
if (!promises.withResolvers) {
  promises.withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    return { promise, resolve, reject };
  };
}
