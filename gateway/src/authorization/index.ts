export { supergraphAuthorization, type SupergraphAuthorization } from './supergraph-authorization';
