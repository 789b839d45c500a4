/**
 * A small ONNX graph builder: initializers, nodes with typed attributes, and graph inputs/outputs
 * with named (dynamic) dimensions. It only collects plain messages; onnxSchema encodes them.
 */
import {
  AttributeType,
  DataType,
  encodeModel,
  type AttributeMessage,
  type DimMessage,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from './onnxSchema';

/** onnxruntime's contrib operator set (FusedMatMul and the like), version 1. */
export const MS_DOMAIN = 'com.microsoft';

/** An attribute value: integers become INT, other numbers FLOAT; arrays are INTS. */
export type AttrValue = number | string | number[] | { float: number };

/** A dimension: a fixed size, or a symbolic name such as 'batch_size'. */
export type Dim = number | string;

export interface BuildOptions {
  irVersion?: number;
  opset?: number;
  producerName?: string;
  producerVersion?: string;
}

function attribute(name: string, value: AttrValue): AttributeMessage {
  if (typeof value === 'string') {
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  }
  if (Array.isArray(value)) {
    if (!value.every(Number.isInteger)) throw new Error(`attribute ${name}: ints only`);
    return { name, type: AttributeType.INTS, ints: value };
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    return { name, type: AttributeType.INT, i: value };
  }
  // Non-integers, or integers forced to float with { float: n } (e.g. epsilon, alpha = 1).
  const f = typeof value === 'number' ? value : value.float;
  return { name, type: AttributeType.FLOAT, f };
}

function valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfoMessage {
  const dim: DimMessage[] = dims.map((d) =>
    typeof d === 'number' ? { dim_value: d } : { dim_param: d },
  );
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

/** Views a Float32Array's bytes; our hosts are little-endian, as ONNX raw_data requires. */
const bytesOf = (a: Float32Array | BigInt64Array | Int8Array | Uint8Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Whether two raw_data initializers hold the same value: type, dims and bytes. */
function sameValue(a: TensorMessage, b: TensorMessage): boolean {
  const bytesA = a.raw_data ?? new Uint8Array(0);
  const bytesB = b.raw_data ?? new Uint8Array(0);
  return (
    a.data_type === b.data_type &&
    a.dims.length === b.dims.length &&
    a.dims.every((d, i) => d === b.dims[i]) &&
    bytesA.length === bytesB.length &&
    bytesA.every((byte, i) => byte === bytesB[i])
  );
}

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly initializerByName = new Map<string, TensorMessage>();
  /** Operator sets beyond ONNX's own that the nodes use (onnxruntime's `com.microsoft`). */
  private readonly extraDomains = new Set<string>();
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private nodeCount = 0;

  constructor(private readonly name: string) {}

  /** Adds a float32 initializer stored as raw_data; the array is referenced, not copied. */
  floatInit(name: string, dims: number[], data: Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) {
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    }
    return this.addInit({ name, dims, data_type: DataType.FLOAT, raw_data: bytesOf(data) });
  }

  /** Adds an int8 initializer (quantized weights), stored as raw_data. */
  int8Init(name: string, dims: number[], data: Int8Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) {
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    }
    return this.addInit({ name, dims, data_type: DataType.INT8, raw_data: bytesOf(data) });
  }

  /** Adds a uint8 initializer (packed low-bit weights), stored as raw_data. */
  uint8Init(name: string, dims: number[], data: Uint8Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) {
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    }
    return this.addInit({ name, dims, data_type: DataType.UINT8, raw_data: bytesOf(data) });
  }

  /** Adds an int64 initializer (shapes, axes, split sizes); dims [] makes a scalar. */
  int64Init(name: string, dims: number[], values: number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.addInit({ name, dims, data_type: DataType.INT64, raw_data: bytesOf(data) });
  }

  /** A float32 scalar constant (dims []), shared by name across the graph (see `shared`). */
  floatScalar(name: string, value: number): string {
    const data = new Float32Array([value]);
    return this.shared({ name, dims: [], data_type: DataType.FLOAT, raw_data: bytesOf(data) });
  }

  /** An int64 constant shared by name across the graph (see `shared`). */
  int64Const(name: string, dims: number[], values: number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    if (data.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    }
    return this.shared({ name, dims, data_type: DataType.INT64, raw_data: bytesOf(data) });
  }

  /**
   * A constant several parts of the graph ask for by name: the first request adds it, a later one
   * with the same value gets the same initializer. A later one with another value under that
   * name is a bug (it would silently read the first value), so it throws.
   */
  private shared(tensor: TensorMessage): string {
    const existing = this.initializerByName.get(tensor.name);
    if (!existing) return this.addInit(tensor);
    if (!sameValue(existing, tensor)) {
      throw new Error(`initializer ${tensor.name} already holds another value`);
    }
    return tensor.name;
  }

  private addInit(tensor: TensorMessage): string {
    if (this.initializerByName.has(tensor.name)) {
      throw new Error(`duplicate initializer ${tensor.name}`);
    }
    this.initializerByName.set(tensor.name, tensor);
    this.initializers.push(tensor);
    return tensor.name;
  }

  /**
   * Adds a node. `outputs` may be a number of outputs, named `<name>_out<k>` from a generated
   * node name; returns the output names so calls can be chained.
   */
  node(
    opType: string,
    inputs: string[],
    outputs: string[] | number = 1,
    attrs: Record<string, AttrValue> = {},
    name?: string,
    domain?: string,
  ): string[] {
    if (domain) this.extraDomains.add(domain);
    const nodeName = name ?? `${opType}_${this.nodeCount}`;
    this.nodeCount += 1;
    const outs =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, k) => `${nodeName}_out${k}`)
        : outputs;
    this.nodes.push({
      name: nodeName,
      op_type: opType,
      ...(domain ? { domain } : {}),
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([key, value]) => attribute(key, value)),
    });
    return outs;
  }

  /** Shorthand for a single-output node. */
  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    out?: string,
  ): string {
    return this.node(opType, inputs, out === undefined ? 1 : [out], attrs)[0];
  }

  /** A single-output node of onnxruntime's own operator set (`com.microsoft`). */
  msOp(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    out?: string,
  ): string {
    return this.node(opType, inputs, out === undefined ? 1 : [out], attrs, undefined, MS_DOMAIN)[0];
  }

  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: Dim[]): string {
    this.outputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  toMessage(options: BuildOptions = {}): ModelMessage {
    return {
      ir_version: options.irVersion ?? 8,
      producer_name: options.producerName ?? 'stepwise',
      producer_version: options.producerVersion ?? '',
      opset_import: [
        { domain: '', version: options.opset ?? 17 },
        ...[...this.extraDomains].map((domain) => ({ domain, version: 1 })),
      ],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
  }

  /** Encodes the model (one copy of every initializer into the output buffer). */
  build(options: BuildOptions = {}): Uint8Array {
    return encodeModel(this.toMessage(options));
  }
}
