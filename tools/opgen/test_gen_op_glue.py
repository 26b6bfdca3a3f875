"""The operator-glue generator: schema types to the C++ types of cc/ops/kernel_args.h, the
operators it accepts and refuses, and the selective table's build-time refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gen_op_glue as gen
import pytest
from runfiles import runfiles

_RUNFILES = runfiles.Create()


def _types(schema: str) -> list[tuple[str, str]]:
    op = gen.parse_operator("aten", schema)
    return [(a.name, a.type.cpp) for a in op.arguments]


def test_every_schema_type_of_kernel_args_h_maps_to_its_cpp_type():
    schema = ("every.out(Tensor self, Tensor? bias, Tensor[] many, Tensor?[] indices, int n, "
              "SymInt s, ScalarType dtype, int? maybe, float f, float? g, bool b, int[] sizes, "
              "int[2] pair, int[]? order, float[] weights, bool[] mask, Scalar alpha, "
              "Scalar? beta, MemoryFormat? memory_format, *, Tensor(a!) out) -> Tensor(a!)")
    assert _types(schema) == [
        ("self", "const cmops_tensor &"), ("bias", "const cmops_tensor *"),
        ("many", "cmops_tensor_list"), ("indices", "cmops_tensor_list"), ("n", "int64_t"),
        ("s", "int64_t"), ("dtype", "int64_t"), ("maybe", "cmops_optional_int"), ("f", "double"),
        ("g", "cmops_optional_double"), ("b", "bool"), ("sizes", "cmops_int_list"),
        ("pair", "cmops_int_list"), ("order", "const cmops_int_list *"),
        ("weights", "cmops_double_list"), ("mask", "cmops_bool_list"),
        ("alpha", "const cmops_scalar &"), ("beta", "const cmops_scalar *"),
        ("memory_format", "cmops_optional_int"), ("out", "cmops_tensor &"),
    ]


def test_scratch_tensors_are_written_like_out():
    op = gen.parse_operator("cortex_m", "conv.out(Tensor input, Tensor scratch, Tensor output_scratch, "
                                        "*, Tensor(a!) out) -> Tensor(a!)")
    assert [a.type.cpp for a in op.arguments] == ["const cmops_tensor &"] + ["cmops_tensor &"] * 3
    assert op.written_mask == 0b1110
    assert op.in_place_mask == 0


def test_out_may_alias_and_mutable_inputs_set_in_place_bits():
    op = gen.parse_operator("aten", "copy.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)", ("self",))
    assert op.in_place_mask == 0b1
    op = gen.parse_operator("aten", "add_.out(Tensor(a!) self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)")
    assert op.in_place_mask == 0b1 and op.written_mask == 0b101


def test_an_unmapped_type_names_the_operator_and_argument():
    with pytest.raises(gen.GlueError, match=r"aten::f\.out: argument name has type str"):
        gen.parse_operator("aten", "f.out(Tensor self, str name, *, Tensor(a!) out) -> Tensor(a!)")


def test_a_functional_schema_is_refused():
    with pytest.raises(gen.GlueError, match="only out-variant schemas"):
        gen.parse_operator("aten", "relu(Tensor self) -> Tensor")


FUNCTIONS = """
- op: relu.out
  kernels:
    - arg_meta: null
      kernel_name: torch::executor::relu_out
- func: dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out) -> Tensor(a!)
  kernels:
    - arg_meta: null
      kernel_name: torch::executor::_clone_dim_order_out
"""


def _natives():
    return {"relu.out": "relu.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)"}


def test_selected_operators_take_their_schemas_from_functions_yaml():
    ops = gen.selected_operators("- op: aten::relu.out\n- op: dim_order_ops::_clone_dim_order.out\n"
                                 "  out_may_alias: [self]\n", [FUNCTIONS], _natives)
    assert [op.key for op in ops] == ["aten::relu.out", "dim_order_ops::_clone_dim_order.out"]
    assert [op.glue_function for op in ops] == ["cmops::glue::aten__relu_out",
                                                "cmops::glue::dim_order_ops___clone_dim_order_out"]
    assert ops[1].in_place_mask == 0b1


def test_an_operator_outside_the_portable_list_is_refused_by_name():
    with pytest.raises(gen.GlueError, match=r"aten::gelu\.out is not an operator of ExecuTorch's "
                                            r"kernels/portable/functions\.yaml"):
        gen.selected_operators("- op: aten::gelu.out\n", [FUNCTIONS], _natives)


QUANTIZED = """
- func: quantized_decomposed::quantize_per_tensor.out(Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType dtype, *, Tensor(a!) out) -> Tensor(a!)
"""


def test_quantized_decomposed_and_native_only_schemas_are_found():
    def natives():
        return {"linear.out": "linear.out(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor(a!) out) -> Tensor(a!)"}

    ops = gen.selected_operators("- op: quantized_decomposed::quantize_per_tensor.out\n"
                                 "- op: aten::linear.out\n  native_only: true\n", [FUNCTIONS, QUANTIZED], natives)
    assert [op.glue_function for op in ops] == ["cmops::glue::quantized_decomposed__quantize_per_tensor_out",
                                                "cmops::glue::aten__linear_out"]
    assert ops[0].cpp_namespace == "cmops::quantized_decomposed"
    with pytest.raises(gen.GlueError, match=r"aten::linear\.out is not an operator"):
        gen.selected_operators("- op: aten::linear.out\n", [FUNCTIONS, QUANTIZED], natives)


def test_generated_table_matches_the_glue_and_lists_every_cortex_m_schema():
    with open(_RUNFILES.Rlocation("m55ml/cc/ops/operators.json")) as f:
        rows = json.load(f)["operators"]
    with open(_RUNFILES.Rlocation("m55ml_env/cortex_m/operators.yaml")) as f:
        schemas = [line.split("(")[0][len("- func: "):] for line in f if line.startswith("- func: cortex_m::")]
    names = [f"{r['name']}.{r['overload']}" for r in rows]
    assert [n for n in names if n.startswith("cortex_m::")] == schemas
    assert "aten::clone.out" in names
    for row in rows:
        assert row["num_args"] == len(row["arg_names"]) and row["arg_names"][-1] == "out", row["name"]
        assert row["table_row"].startswith(f'    {{"{row["name"]}", "{row["overload"]}", ')


def test_a_program_calling_an_operator_without_kernel_fails_the_build_naming_it(tmp_path: Path):
    manifest = tmp_path / "softmax_model.manifest.json"
    manifest.write_text(json.dumps({"ops": {"histogram": {
        "cortex_m::quantize_per_tensor.out": 1, "aten::gelu.out": 1}}}))
    script = _RUNFILES.Rlocation("m55ml/tools/firmware/gen_kernel_table.py")
    operators = _RUNFILES.Rlocation("m55ml/cc/ops/operators.json")
    proc = subprocess.run([sys.executable, script, "--manifest", str(manifest), "--operators", operators,
                           "--out", str(tmp_path / "table.cc")], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    expected = ("gen_kernel_table: error: softmax_model calls aten::gelu.out, which this build has no "
                "kernel for: export it without that operator, or add a kernel (docs/kernels.md, 'Adding an "
                "operator')")
    assert proc.stderr.strip().splitlines() == [expected]
    assert not (tmp_path / "table.cc").exists()
