export type { CanConnectResult } from './can-connect.ts';
export { canConnect } from './can-connect.ts';
export type { Catalog, DynamicPorts, NodeTypeInfo, PackInfo, ParamHint } from './catalog.ts';
export { findNodeType, findPlaceholders, resolveInputs } from './catalog.ts';
export type { Diagnostic } from './diagnostic.ts';
export { formatDiagnostic, hasErrors } from './diagnostic.ts';
export type { Endpoint } from './endpoint.ts';
export { formatEndpoint, parseEndpoint } from './endpoint.ts';
export type { GraphDiff, NodeChange, ParamChange } from './graph-diff.ts';
export { diffGraphs, formatGraphDiff, isEmptyDiff } from './graph-diff.ts';
export { graphFrom } from './graph-from.ts';
export {
  checkGraphCounts,
  checkGraphObjectLimits,
  checkGraphTextLimits,
  checkValueDepth,
  GRAPH_LIMITS,
  sizeLimitDiagnostic,
} from './graph-limits.ts';
export type { ApplyGraphOpsResult, GraphOp, GraphOpRefusal } from './graph-ops.ts';
export { applyGraphOps, graphOpSchema, NODE_BOX } from './graph-ops.ts';
export type { GraphTextOptions, NodeTypeTextOptions } from './graph-text.ts';
export { graphToText, nodeTypeToText } from './graph-text.ts';
export { formatJsonPath } from './json-position.ts';
export type { LoadResult } from './load.ts';
export { loadGraphObject, loadGraphText } from './load.ts';
export { artifactExtension, extensionForMime, mimeForImageFormat } from './media-types.ts';
export type { Migration } from './migrate.ts';
export { MigrationError, migrateGraph, migrations } from './migrate.ts';
export { nearestNames } from './nearest-names.ts';
export type { ParamProblem } from './param-schema.ts';
export { checkParams, paramNamesOf, paramSchemaOf, suggest } from './param-schema.ts';
export type { PortSpec, PortType } from './port-types.ts';
export { arePortTypesCompatible, formatPortType, PORT_TYPES } from './port-types.ts';
export type { GraphEdge, GraphFile, GraphNode } from './schema.ts';
export { GRAPH_FORMAT_VERSION, graphFileSchema, NODE_ID_PATTERN } from './schema.ts';
export { serializeGraph } from './serialize.ts';
export type { ValidateOptions } from './validate.ts';
export { findCycle, findCycles, validateGraph } from './validate.ts';
