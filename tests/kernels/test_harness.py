"""The harness itself: the registry covers the pinned operators.yaml, the byte comparison
catches a single perturbed byte, arguments are checked with the right status and a message
naming the operator and the argument, and cases can be exported for a firmware runner."""

from __future__ import annotations

import ctypes
import json
import os
import re

import cmops_ctypes as cm
import kernel_cases as kc
import pytest
import torch


def _schemas() -> dict[str, list[str]]:
    """Operator name -> the arguments (type and name, out included) of every .out schema."""
    import executorch.backends.cortex_m.ops as ops_package

    path = os.path.join(next(iter(ops_package.__path__)), "operators.yaml")
    schemas = {}
    with open(path) as f:
        for line in f:
            match = re.match(r"- func: (cortex_m::\w+)\.out\((.*)\) ->", line.strip())
            if match:
                schemas[match.group(1)] = [a.strip() for a in match.group(2).replace("*,", "").split(",")
                                           if a.strip()]
    return schemas


def test_registry_has_every_operator_of_the_pinned_wheel(library):
    expected = _schemas()
    assert len(expected) >= 23
    names = [n for n in library.kernel_names() if n.startswith("cortex_m::")]
    assert sorted(names) == sorted(expected), "registry and operators.yaml disagree"
    for name, args in expected.items():
        kernel = library.find(name)
        assert kernel is not None and kernel.num_args == len(args), name
        # Error reports name arguments as the schema does.
        assert library.argument_names(name) == [a.split()[-1] for a in args], name
    assert library.find("cortex_m::quantized_add", "default") is None
    assert library.find("cortex_m::no_such_op") is None


def test_registry_says_which_arguments_each_kernel_writes_as_the_schema_does(library):
    # Written: the mutable-alias annotated out (`Tensor(a!) out`) and the scratch tensors, which
    # the schema names but does not annotate. In-place: an input annotated mutable (none here).
    written_by_any = set()
    for name, args in _schemas().items():
        written = [k for k, arg in enumerate(args)
                   if "(a!)" in arg or arg in ("Tensor scratch", "Tensor output_scratch")]
        kernel = library.find(name)
        assert kernel.written_args == sum(1 << k for k in written), name
        assert kernel.in_place_args == 0, name
        written_by_any.update(args[k].split()[-1] for k in written)
    assert written_by_any == {"out", "scratch", "output_scratch"}


def test_status_messages_cover_every_code(library):
    for code in cm.STATUS_NAMES:
        assert library.status_message(code) and library.status_message(code) != "unknown status"
    assert library.status_message(99) == "unknown status"


PERTURBATION_CASES = [
    lambda: kc.conv2d_case(1, padding=(1, 1)),
    lambda: kc.depthwise_case(2, mult=2, nhwc=True),
    lambda: kc.add_case(3, rank=4, broadcast="channel"),
    lambda: kc.avg_pool_case(4, narrow=True),
    lambda: kc.softmax_case(5),
    lambda: kc.quantize_case(6, dtype=torch.int16),
    lambda: kc.dequantize_case(7),
]


@pytest.mark.parametrize("make_case", PERTURBATION_CASES, ids=["conv2d", "depthwise_nhwc", "add", "avg_pool",
                                                               "softmax", "quantize_int16", "dequantize"])
def test_comparison_fails_when_any_single_output_byte_is_perturbed(library, make_case):
    case = make_case()
    args = kc.clone_args(case.args)
    assert library.call(case.op, args).ok
    out = args[-1]
    assert kc.compare_output(case, out).ok
    # Flip bits through a raw view of out's memory, one byte at a time.
    byte_view = (ctypes.c_uint8 * (out.numel() * out.element_size())).from_address(out.data_ptr())
    for position in range(len(byte_view)):
        original = byte_view[position]
        byte_view[position] = original ^ 0x01
        outcome = kc.compare_output(case, out)
        byte_view[position] = original
        assert not outcome.ok, f"flipping byte {position} went unnoticed"
        assert f"first at byte {position}" in outcome.message
    assert kc.compare_output(case, out).ok


def test_kernels_leave_their_inputs_untouched(library):
    for case in [kc.conv2d_case(8, groups=1), kc.linear_case(9, form="kernel_sum"), kc.pad_case(10),
                 kc.transpose_conv_case(11)]:
        args = kc.clone_args(case.args)
        before = [a.clone() if isinstance(a, torch.Tensor) else a for a in args[:-1]]
        assert library.call(case.op, args).ok
        for a, b in zip(args[:-1], before):
            if isinstance(a, torch.Tensor):
                assert torch.equal(a, b), case.label


def _view(tensor: torch.Tensor, *, offset=0, nbytes=None, dim_order=None) -> cm.Tensor:
    view = cm.tensor_view(tensor)
    view.data = tensor.data_ptr() + offset
    if nbytes is not None:
        view.nbytes = nbytes
    if dim_order is not None:
        for i, d in enumerate(dim_order):
            view.dim_order[i] = d
    return view


def _conv_args():
    return kc.clone_args(kc.conv2d_case(12, padding=(1, 1)).args)


def _expect(result: cm.CallResult, status: str, argument: str) -> None:
    """The kernel reports (status, argument): the schema name of the argument at fault, or ""."""
    assert result.status_name == status, (result.status_name, result.detail)
    assert result.argument == argument, (result.argument, result.detail)


def test_wrong_argument_count_is_rejected(library):
    args = _conv_args()
    _expect(library.call("cortex_m::quantized_conv2d", args[:-1]), "CMOPS_ERR_ARG_COUNT", "")


def test_wrong_argument_kind_is_rejected(library):
    args = _conv_args()
    args[6] = 1.5  # input_offset must be an int
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_ARG_KIND", "input_offset")
    args = _conv_args()
    args[0] = 3
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_ARG_KIND", "input")


def test_wrong_dtype_is_rejected(library):
    args = _conv_args()
    args[0] = args[0].to(torch.int16)
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_DTYPE", "input")
    case = kc.add_case(13)
    args = kc.clone_args(case.args)
    args[4] = args[4].to(torch.int32)
    _expect(library.call(case.op, args), "CMOPS_ERR_DTYPE", "other")


def test_wrong_rank_is_rejected(library):
    args = _conv_args()
    args[0] = args[0][0]
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_RANK", "input")


def test_nchw_activation_is_rejected_as_layout(library):
    args = _conv_args()
    args[0] = args[0].contiguous()  # NCHW in memory: the legacy operator wants channels-last bytes
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_LAYOUT", "input")
    args = _conv_args()
    args[-1] = args[-1].contiguous()
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_LAYOUT", "out")
    # The explicit-layout form takes NHWC sizes with contiguous memory, not channels-last.
    case = kc.conv2d_case(14, nhwc=True)
    args = kc.clone_args(case.args)
    args[0] = kc.in_layout(args[0], kc.CHANNELS_LAST)
    _expect(library.call(case.op, args), "CMOPS_ERR_LAYOUT", "input")


def test_invalid_dim_order_is_rejected(library):
    args = _conv_args()
    args[0] = _view(args[0], dim_order=(0, 1, 1, 2))
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_LAYOUT", "input")


def test_misaligned_int32_buffer_is_rejected(library):
    args = _conv_args()
    storage = torch.zeros(args[2].numel() * 4 + 4, dtype=torch.uint8)
    bias = storage[1 : 1 + args[2].numel() * 4].view(torch.int8)  # deliberately odd address
    view = cm.tensor_view(args[2])
    view.data = bias.data_ptr()
    args[2] = view
    result = library.call("cortex_m::quantized_conv2d", args)
    _expect(result, "CMOPS_ERR_ALIGNMENT", "bias")


def test_short_buffer_is_rejected(library):
    args = _conv_args()
    args[-1] = _view(args[-1], nbytes=args[-1].numel() - 1)
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_BUFFER", "out")


def test_mismatched_shapes_are_rejected(library):
    args = _conv_args()
    args[-1] = torch.empty_permuted((1, 4, 2, 2), (0, 2, 3, 1), dtype=torch.int8)
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_SHAPE", "out")
    args = _conv_args()
    args[8] = args[8][:-1]
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_SHAPE", "requantize_multipliers")


def test_out_of_range_parameters_are_rejected(library):
    args = _conv_args()
    args[9] = args[9].clone()
    args[9][0] = 32  # shift outside [-31, 31]
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_PARAM", "requantize_shifts")
    args = _conv_args()
    args[8] = args[8].clone()
    args[8][0] = -(2**31)  # INT32_MIN multiplier: its square does not fit the high multiply
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_PARAM", "requantize_multipliers")
    args = _conv_args()
    args[10], args[11] = 5, 4  # activation_min > activation_max
    _expect(library.call("cortex_m::quantized_conv2d", args), "CMOPS_ERR_PARAM", "activation_max")
    case = kc.softmax_case(15)
    args = kc.clone_args(case.args)
    args[3] = 0
    _expect(library.call(case.op, args), "CMOPS_ERR_PARAM", "output_zero_point")
    case = kc.max_pool_case(16)
    args = kc.clone_args(case.args)
    args[7] = args[6] + 1 if args[6] < 127 else 0
    _expect(library.call(case.op, args), "CMOPS_ERR_PARAM", "output_zero_point")


def test_overflowing_left_shift_is_rejected_not_wrapped(library):
    """Positive shifts that push the accumulator out of int32: the reference (int64) does not
    wrap, Arm's C kernels would; this library refuses."""
    case = kc.conv2d_case(17, c_in=8, c_out=2)
    args = kc.clone_args(case.args)
    args[8] = torch.tensor([2**30, 2**30], dtype=torch.int32)
    args[9] = torch.tensor([31, 31], dtype=torch.int32)
    _expect(library.call(case.op, args), "CMOPS_ERR_PARAM", "requantize_shifts")


def test_unsupported_combinations_are_reported(library):
    case = kc.max_pool_case(18)
    args = kc.clone_args(case.args)
    args[4] = [2, 2]
    _expect(library.call(case.op, args), "CMOPS_ERR_UNSUPPORTED", "dilation")
    case = kc.linear_case(19, features=3)
    args = kc.clone_args(case.args)
    args[7] = [args[7][0]] * 2 + [args[7][0] + 1]
    args[8] = [args[8][0]] * 3
    _expect(library.call(case.op, args), "CMOPS_ERR_UNSUPPORTED", "requantize_multipliers")


def test_linear_accepts_per_tensor_lists_repeated_per_channel(library):
    case = kc.linear_case(20, features=4)
    args = kc.clone_args(case.args)
    args[7] = [args[7][0]] * 4
    args[8] = [args[8][0]] * 4
    assert library.call(case.op, args).ok
    assert kc.compare_output(case, args[-1]).ok


def test_standard_corpus_covers_every_operator_and_passes(library, grade):
    names = {f"cortex_m::{name}" for name in kc.CORPUS_BUILDERS}
    assert names == {n for n in library.kernel_names() if n.startswith("cortex_m::")}
    for case in kc.standard_corpus(2):
        grade(library, case)


def test_cases_dump_for_a_firmware_runner(tmp_path):
    cases = [kc.conv2d_case(21), kc.linear_case(22, form="kernel_sum"), kc.max_pool_case(23)]
    manifest_path = kc.dump_cases(cases, str(tmp_path))
    with open(manifest_path) as f:
        manifest = json.load(f)
    assert [m["op"] for m in manifest] == [c.op for c in cases]
    for record, case in zip(manifest, cases):
        assert len(record["args"]) == len(case.args)
        expected = record["expected"]
        size = os.path.getsize(os.path.join(tmp_path, expected["file"]))
        assert size == case.out.numel() * case.out.element_size()
        assert expected["dim_order"] == list(cm.dim_order_of(case.out))
