import { parse, type DocumentNode } from 'graphql';
import manifest from '../../../../gateway/operations/manifest.json';

/**
 * The gateway's persisted query manifest (gateway/operations/manifest.json), by operation name. The storefront
 * sends only operations listed there: over HTTP by id alone (Apollo's persisted-queries link), over WebSocket as
 * the exact registered text, so a gateway in `enforce` mode accepts every request the shop makes.
 */
interface RegisteredOperation {
  id: string;
  name: string;
  body: string;
}

const operationsByName = new Map<string, RegisteredOperation>(manifest.operations.map((operation) => [operation.name, operation]));
const documentsByName = new Map<string, DocumentNode>();

export function registeredOperation(name: string | undefined): RegisteredOperation {
  const operation = name === undefined ? undefined : operationsByName.get(name);
  if (!operation) {
    throw new Error(
      `Operation ${name ?? '(anonymous)'} is not in the gateway's persisted query manifest: add it to gateway/operations/client.graphql`,
    );
  }
  return operation;
}

/** The registered text parsed: `print` of it gives back exactly the registered body, whose sha256 is the id. */
export function registeredDocument(name: string | undefined): DocumentNode {
  const operation = registeredOperation(name);
  let document = documentsByName.get(operation.name);
  if (!document) {
    document = parse(operation.body);
    documentsByName.set(operation.name, document);
  }
  return document;
}
