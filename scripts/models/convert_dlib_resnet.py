"""Convert dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1.dat) to ONNX.

The .dat file is dlib's own serialisation of the network that dlib's
dnn_face_recognition_ex.cpp calls `anet_type`: a 29-convolution ResNet that maps a
150x150 RGB face chip to a 128-value descriptor. This script reads the layer
parameters from that file, rebuilds the same network as an ONNX graph and, with
--check, compares the graph's output with dlib's own descriptors on real faces.

Input of the ONNX graph: "chip", float32, shape [1, 3, 150, 150], RGB values in
0..255. The graph subtracts dlib's per-channel means and divides by 256 itself.
Output: "descriptor", float32, shape [1, 128], not normalised (as dlib returns it).
"""

import argparse
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CHIP_SIZE = 150


class DlibReader:
    """Sequential reader for dlib's serialisation primitives."""

    def __init__(self, data: bytes, pos: int = 0):
        self.data = data
        self.pos = pos

    def int(self) -> int:
        # dlib writes integers as a control byte (low 4 bits: byte count, bit 7: sign)
        # followed by that many little-endian magnitude bytes.
        control = self.data[self.pos]
        self.pos += 1
        size = control & 0x0F
        if size > 8:
            raise ValueError(f"invalid integer control byte {control:#x} at offset {self.pos - 1}")
        magnitude = int.from_bytes(self.data[self.pos : self.pos + size], "little")
        self.pos += size
        return -magnitude if control & 0x80 else magnitude

    def string(self) -> str:
        length = self.int()
        text = self.data[self.pos : self.pos + length].decode("ascii")
        self.pos += length
        return text

    def float(self) -> float:
        # dlib writes floating-point values as mantissa * 2^exponent, both as integers.
        mantissa = self.int()
        exponent = self.int()
        return float(mantissa) * 2.0**exponent

    def tensor(self) -> np.ndarray:
        version = self.int()
        if version != 2:
            raise ValueError(f"unsupported dlib tensor version {version} at offset {self.pos}")
        shape = [self.int() for _ in range(4)]
        count = int(np.prod(shape))
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.pos)
        self.pos += 4 * count
        return values.astype(np.float32).reshape(shape)


def find_next_layer(data: bytes, pos: int, names) -> tuple[int, str]:
    """Return the offset and name of the next length-prefixed layer name at or after pos."""
    best = None
    for name in names:
        needle = bytes([0x01, len(name)]) + name.encode("ascii")
        at = data.find(needle, pos)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, name)
    if best is None:
        raise ValueError(f"no further layer found after offset {pos}")
    return best


LAYER_NAMES = (
    "input_rgb_image_sized",
    "con_4",
    "affine_",
    "relu_",
    "max_pool_2",
    "avg_pool_2",
    "add_prev_",
    "fc_2",
)


def read_layers(data: bytes) -> list[dict]:
    """Read every layer's parameters, from the input layer to the last fully connected one.

    dlib writes the network depth first, so the layers appear in the order they run.
    The bookkeeping that follows each layer (flags, empty gradient tensors) is skipped
    by searching for the next layer name after the current layer's parameters.
    """
    header = DlibReader(data)
    if header.int() != 1 or header.string() != "loss_metric_2":
        raise ValueError("not a dlib loss_metric network: the file starts with another layer")
    layers = []
    pos = header.pos
    while True:
        try:
            pos, name = find_next_layer(data, pos, LAYER_NAMES)
        except ValueError:
            break
        reader = DlibReader(data, pos)
        reader.string()
        layer = {"type": name}
        if name == "input_rgb_image_sized":
            layer["mean"] = [reader.float() for _ in range(3)]
            layer["size"] = (reader.int(), reader.int())
        elif name == "con_4":
            params = reader.tensor().reshape(-1)
            filters, rows, cols = reader.int(), reader.int(), reader.int()
            layer["stride"] = (reader.int(), reader.int())
            layer["padding"] = (reader.int(), reader.int())
            weight_count = params.size - filters
            channels = weight_count // (filters * rows * cols)
            layer["weight"] = params[:weight_count].reshape(filters, channels, rows, cols)
            layer["bias"] = params[weight_count:]
        elif name == "affine_":
            params = reader.tensor().reshape(-1)
            half = params.size // 2
            layer["gamma"], layer["beta"] = params[:half], params[half:]
        elif name in ("max_pool_2", "avg_pool_2"):
            layer["kernel"] = (reader.int(), reader.int())
            layer["stride"] = (reader.int(), reader.int())
            layer["padding"] = (reader.int(), reader.int())
        elif name == "fc_2":
            outputs, inputs = reader.int(), reader.int()
            params = reader.tensor().reshape(-1)
            if params.size != outputs * inputs:
                raise ValueError("fc layer has a bias; this converter expects fc_no_bias")
            layer["weight"] = params.reshape(inputs, outputs)
        layers.append(layer)
        pos = reader.pos
    return layers


class GraphBuilder:
    """Collect ONNX nodes and initialisers while tracking each value's static shape."""

    def __init__(self):
        self.nodes = []
        self.initializers = []
        self.shapes = {}
        self.counter = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def constant(self, prefix: str, array: np.ndarray) -> str:
        name = self.name(prefix)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(self, op: str, inputs: list[str], shape, **attributes) -> str:
        output = self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [output], **attributes))
        self.shapes[output] = tuple(shape)
        return output


def pooled_size(size: int, kernel: int, stride: int, padding: int) -> int:
    return 1 + (size + 2 * padding - kernel) // stride


def pad_to(builder: GraphBuilder, value: str, shape) -> str:
    """Zero-pad value at the end of each axis up to shape, as dlib's add_prev does."""
    current = builder.shapes[value]
    if tuple(current) == tuple(shape):
        return value
    extra = [target - have for have, target in zip(current, shape)]
    pads = builder.constant("pads", np.array([0, 0, 0, 0] + extra, dtype=np.int64))
    return builder.node("Pad", [value, pads], shape)


def build_graph(layers: list[dict]) -> onnx.ModelProto:
    builder = GraphBuilder()
    input_layer = layers[0]
    if input_layer["type"] != "input_rgb_image_sized" or input_layer["size"] != (CHIP_SIZE, CHIP_SIZE):
        raise ValueError("the network does not start with a 150x150 RGB input layer")
    mean = np.array(input_layer["mean"], dtype=np.float32).reshape(1, 3, 1, 1)
    centred = builder.node("Sub", ["chip", builder.constant("mean", mean)], (1, 3, CHIP_SIZE, CHIP_SIZE))
    current = builder.node("Div", [centred, builder.constant("scale", np.array(256.0, dtype=np.float32))], (1, 3, CHIP_SIZE, CHIP_SIZE))

    # The residual wiring follows dlib's anet_type: every block starts at a tag, and a
    # downsampling block also average-pools the tagged input before the add.
    block_start = None
    pending_pool = None
    for layer in layers[1:]:
        kind = layer["type"]
        shape = builder.shapes[current]
        if kind == "con_4":
            if block_start is None:
                block_start = current
            weight = layer["weight"]
            stride, padding = layer["stride"], layer["padding"]
            out_shape = (
                1,
                weight.shape[0],
                pooled_size(shape[2], weight.shape[2], stride[0], padding[0]),
                pooled_size(shape[3], weight.shape[3], stride[1], padding[1]),
            )
            current = builder.node(
                "Conv",
                [current, builder.constant("w", weight), builder.constant("b", layer["bias"])],
                out_shape,
                kernel_shape=list(weight.shape[2:]),
                strides=list(stride),
                pads=[padding[0], padding[1], padding[0], padding[1]],
            )
        elif kind == "affine_":
            gamma = layer["gamma"].reshape(1, -1, 1, 1)
            beta = layer["beta"].reshape(1, -1, 1, 1)
            scaled = builder.node("Mul", [current, builder.constant("gamma", gamma)], shape)
            current = builder.node("Add", [scaled, builder.constant("beta", beta)], shape)
        elif kind == "relu_":
            current = builder.node("Relu", [current], shape)
        elif kind == "max_pool_2":
            current = pool(builder, "MaxPool", current, layer)
            block_start = None
        elif kind == "avg_pool_2":
            if layer["kernel"] == (0, 0):
                current = builder.node("GlobalAveragePool", [current], (1, shape[1], 1, 1))
            else:
                # skip1<tag2<block>> then avg_pool: the pool applies to the block's input.
                pending_pool = pool(builder, "AveragePool", block_start, layer)
        elif kind == "add_prev_":
            shortcut = pending_pool if pending_pool is not None else block_start
            target = tuple(max(a, b) for a, b in zip(builder.shapes[current], builder.shapes[shortcut]))
            current = builder.node("Add", [pad_to(builder, current, target), pad_to(builder, shortcut, target)], target)
            pending_pool = None
            block_start = None
        elif kind == "fc_2":
            flat = builder.node("Flatten", [current], (1, shape[1]))
            current = builder.node("MatMul", [flat, builder.constant("fc", layer["weight"])], (1, layer["weight"].shape[1]))

    builder.nodes.append(helper.make_node("Identity", [current], ["descriptor"]))
    graph = helper.make_graph(
        builder.nodes,
        "dlib_face_recognition_resnet_model_v1",
        [helper.make_tensor_value_info("chip", TensorProto.FLOAT, [1, 3, CHIP_SIZE, CHIP_SIZE])],
        [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, [1, 128])],
        builder.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="trackchild-models")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def pool(builder: GraphBuilder, op: str, value: str, layer: dict) -> str:
    shape = builder.shapes[value]
    kernel, stride, padding = layer["kernel"], layer["stride"], layer["padding"]
    out_shape = (
        1,
        shape[1],
        pooled_size(shape[2], kernel[0], stride[0], padding[0]),
        pooled_size(shape[3], kernel[1], stride[1], padding[1]),
    )
    return builder.node(
        op, [value], out_shape, kernel_shape=list(kernel), strides=list(stride), pads=[padding[0], padding[1], padding[0], padding[1]]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dat", help="path to dlib_face_recognition_resnet_model_v1.dat")
    parser.add_argument("output", help="path of the ONNX file to write")
    args = parser.parse_args()

    with open(args.dat, "rb") as file:
        layers = read_layers(file.read())
    counts = {}
    for layer in layers:
        counts[layer["type"]] = counts.get(layer["type"], 0) + 1
    expected = {"input_rgb_image_sized": 1, "con_4": 29, "affine_": 29, "relu_": 29, "max_pool_2": 1, "avg_pool_2": 5, "add_prev_": 14, "fc_2": 1}
    if counts != expected:
        print(f"error: unexpected layer counts {counts}; expected {expected}", file=sys.stderr)
        return 1
    model = build_graph(layers)
    onnx.save(model, args.output)
    print(f"wrote {args.output}: {len(model.graph.node)} nodes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
