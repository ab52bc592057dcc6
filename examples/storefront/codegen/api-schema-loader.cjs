// Loads the schema clients see through the gateway (the composed supergraph minus federation internals and
// @inaccessible fields), so the generated types match what the gateway really serves. A web team outside this
// repository points `schema` in codegen.ts at its gateway's URL instead (introspection is on in development).
const { readFileSync } = require('node:fs');
const { apiSchemaOf } = require('../../../tools/dist/schema/api-schema.js');

module.exports = function loadApiSchema(supergraphPath) {
  return apiSchemaOf(readFileSync(supergraphPath, 'utf8'));
};
