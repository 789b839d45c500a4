/**
 * The subset of onnx.proto that a GPT-2 export needs, parsed at runtime by protobufjs.
 * Field numbers follow onnx/onnx.proto (IR version 8); messages and fields we never write are left
 * out, which protobuf tolerates: unknown fields are skipped when decoding.
 */
import protobuf from 'protobufjs';

const ONNX_PROTO = `
syntax = "proto3";
package onnx;

message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  string doc_string = 13;
  AttributeType type = 20;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}

message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataLocation { DEFAULT = 0; EXTERNAL = 1; }
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated int64 int64_data = 7;
  string name = 8;
  bytes raw_data = 9;
  repeated double double_data = 10;
  string doc_string = 12;
  repeated StringStringEntryProto external_data = 13;
  DataLocation data_location = 14;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  string denotation = 6;
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;

/** onnx.TensorProto.DataType values we use. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9 } as const;
/** onnx.AttributeProto.AttributeType values we use. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

// Plain object shapes of the messages, snake_case as in onnx.proto (keepCase below).
export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int64_data?: number[];
}
export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
}
export interface NodeMessage {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
  /** Empty for standard ONNX ops; `com.microsoft` for onnxruntime's contrib ops. */
  domain?: string;
}
export type DimMessage = { dim_value: number } | { dim_param: string };
export interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimMessage[] } } };
}
export interface ModelMessage {
  ir_version: number;
  producer_name: string;
  producer_version?: string;
  opset_import: { domain: string; version: number }[];
  graph: {
    name: string;
    node: NodeMessage[];
    initializer: TensorMessage[];
    input: ValueInfoMessage[];
    output: ValueInfoMessage[];
  };
}

const root = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
const ModelProto = root.lookupType('onnx.ModelProto');

/** Serialises a model; int64 fields given as JS numbers (all our values are far below 2^53). */
export function encodeModel(model: ModelMessage): Uint8Array {
  const message = ModelProto.fromObject(model);
  return ModelProto.encode(message).finish();
}

// ---- decoding: protobufjs returns loosely typed objects, narrowed here field by field ----

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** int64 fields decode as Long objects (the `long` package is installed) or numbers. */
function int(v: unknown): number {
  if (typeof v === 'number') return v;
  if (isObject(v) && typeof v.toNumber === 'function') return Number(v.toNumber());
  return 0;
}

export interface DecodedTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int64Data?: number[];
  external: boolean;
}
export interface DecodedValueInfo {
  name: string;
  elemType: number;
  /** A number for a fixed dimension, a string for a named (dynamic) one. */
  dims: (number | string)[];
}
export interface DecodedNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: { name: string; type: number; i: number; f: number; ints: number[] }[];
}
export interface DecodedModel {
  irVersion: number;
  producerName: string;
  opsets: { domain: string; version: number }[];
  nodes: DecodedNode[];
  initializers: DecodedTensor[];
  inputs: DecodedValueInfo[];
  outputs: DecodedValueInfo[];
}

function decodeTensor(t: Loose): DecodedTensor {
  const raw = t.raw_data instanceof Uint8Array && t.raw_data.length > 0 ? t.raw_data : undefined;
  return {
    name: str(t.name),
    dims: list(t.dims).map(int),
    dataType: int(t.data_type),
    rawData: raw,
    floatData: list(t.float_data).map(Number),
    int64Data: list(t.int64_data).map(int),
    external: int(t.data_location) === 1,
  };
}

/** A dimension is either dim_param (a name) or dim_value (a size). */
const dimOf = (d: unknown): number | string =>
  isObject(d) && typeof d.dim_param === 'string' ? d.dim_param : isObject(d) ? int(d.dim_value) : 0;

function decodeValueInfo(v: Loose): DecodedValueInfo {
  const type = isObject(v.type) ? v.type : {};
  const tensor = isObject(type.tensor_type) ? type.tensor_type : {};
  const shape = isObject(tensor.shape) ? tensor.shape : {};
  return { name: str(v.name), elemType: int(tensor.elem_type), dims: list(shape.dim).map(dimOf) };
}

function decodeNode(n: Loose): DecodedNode {
  const attributes = list(n.attribute)
    .filter(isObject)
    .map((a) => ({
      name: str(a.name),
      type: int(a.type),
      i: int(a.i),
      f: typeof a.f === 'number' ? a.f : 0,
      ints: list(a.ints).map(int),
    }));
  return {
    opType: str(n.op_type),
    name: str(n.name),
    inputs: list(n.input).map(str),
    outputs: list(n.output).map(str),
    attributes,
  };
}

/** Parses model bytes; initializer payloads stay views into `bytes` (no copy). */
export function decodeModel(bytes: Uint8Array): DecodedModel {
  const decoded: unknown = ModelProto.toObject(ModelProto.decode(bytes), {
    defaults: false,
    longs: Number,
  });
  if (!isObject(decoded) || !isObject(decoded.graph)) throw new Error('not an ONNX model');
  const graph = decoded.graph;
  return {
    irVersion: int(decoded.ir_version),
    producerName: str(decoded.producer_name),
    opsets: list(decoded.opset_import)
      .filter(isObject)
      .map((o) => ({ domain: str(o.domain), version: int(o.version) })),
    nodes: list(graph.node).filter(isObject).map(decodeNode),
    initializers: list(graph.initializer).filter(isObject).map(decodeTensor),
    inputs: list(graph.input).filter(isObject).map(decodeValueInfo),
    outputs: list(graph.output).filter(isObject).map(decodeValueInfo),
  };
}

export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float32 initializers by name, copied out of `bytes` (raw_data or float_data). */
export function readInitializers(bytes: Uint8Array): Map<string, FloatTensor> {
  if (!littleEndian) throw new Error('readInitializers assumes a little-endian host');
  const out = new Map<string, FloatTensor>();
  for (const t of decodeModel(bytes).initializers) {
    if (t.dataType !== DataType.FLOAT) continue;
    if (t.external) throw new Error(`initializer ${t.name} uses external data; not supported`);
    // Copy: raw_data is an unaligned view into the file and Float32Array needs 4-byte alignment.
    // (new Uint8Array(view) copies; Buffer#slice would not.)
    const data = t.rawData
      ? new Float32Array(new Uint8Array(t.rawData).buffer)
      : Float32Array.from(t.floatData ?? []);
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) {
      throw new Error(`initializer ${t.name}: ${data.length} values for dims [${t.dims}]`);
    }
    out.set(t.name, { dims: t.dims, data });
  }
  return out;
}
