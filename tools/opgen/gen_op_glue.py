"""Generates the operator glue of //cc/ops from ExecuTorch's own operator schemas.

    gen_op_glue.py --cortex-m-operators operators.yaml --portable-functions functions.yaml \
        --quantized-functions quantized.yaml --native-functions native_functions.yaml \
        --native-tags tags.yaml --aten-ops cc/ops/portable/aten_ops.yaml -o <folder>

Operators are every `cortex_m::` schema of the Cortex-M backend's operators.yaml, plus the
operators outside that namespace listed in --aten-ops (ATen and dim_order_ops kernels written in
cc/ops/portable/), whose schemas come from ExecuTorch's kernels/portable/functions.yaml (inline,
or by name from PyTorch's native_functions.yaml) and, for quantized_decomposed::, its
kernels/quantized/quantized.yaml. Schemas are parsed by torchgen, as
ExecuTorch's own `executorch_generated_lib` does. Into <folder> it writes:

  op_glue.h        the typed function each operator's hand-written code defines
                   (`cmops::<op>_<overload>`, `cmops::aten::...`, argument types of
                   cc/ops/kernel_args.h), its unpack function, and its argument indices
                   (`cmops::arg::<op>_<overload>::<name>`) for error reports;
  op_glue.cc       one unpack function per operator: checks the call's argument count and each
                   value's kind (and every tensor's own consistency), then calls the typed
                   function; no positional index is left to hand-written code;
  kernel_table.cc  the weak all-operator kernel table (cc/ops/cortex_m_ops.h);
  operators.json   the same table rows, from which a firmware's selective table
                   (tools/firmware/gen_kernel_table.py) and the tests' operator lists derive.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from torchgen.model import (
    BaseTy,
    BaseType,
    FunctionSchema,
    ListType,
    OptionalType,
    Type,
)

GENERATOR = "tools/opgen/gen_op_glue.py"


class GlueError(Exception):
    """A schema or an operator list the generator cannot turn into glue."""


@dataclass(frozen=True)
class ArgType:
    """How one schema type crosses from a cmops_value to the typed operator function."""

    cpp: str  # parameter type of the typed function
    unpack: str  # cmops::glue helper that checks and converts the value
    local: str  # type of the local the helper fills
    pass_as: str = "{}"  # expression passing the local to the typed function


_INTEGER_LIKE = {BaseTy.int, BaseTy.SymInt, BaseTy.ScalarType, BaseTy.MemoryFormat, BaseTy.Layout}


def _argument_type(typ: Type, written: bool) -> ArgType | None:
    if isinstance(typ, BaseType):
        if typ.name == BaseTy.Tensor:
            return ArgType("cmops_tensor &" if written else "const cmops_tensor &", "tensor",
                           "cmops_tensor *", "*{}")
        if typ.name in _INTEGER_LIKE:
            return ArgType("int64_t", "int_value", "int64_t")
        if typ.name == BaseTy.float:
            return ArgType("double", "double_value", "double")
        if typ.name == BaseTy.bool:
            return ArgType("bool", "bool_value", "bool")
        if typ.name == BaseTy.Scalar:
            return ArgType("const cmops_scalar &", "scalar", "cmops_scalar")
        return None
    if isinstance(typ, OptionalType):
        elem = typ.elem
        if isinstance(elem, BaseType):
            if elem.name == BaseTy.Tensor:
                return ArgType("const cmops_tensor *", "optional_tensor", "cmops_tensor *")
            if elem.name in _INTEGER_LIKE:
                return ArgType("cmops_optional_int", "optional_int", "cmops_optional_int")
            if elem.name == BaseTy.float:
                return ArgType("cmops_optional_double", "optional_double", "cmops_optional_double")
            if elem.name == BaseTy.Scalar:
                return ArgType("const cmops_scalar *", "optional_scalar", "cmops_optional_scalar",
                               "{}.has_value ? &{}.value : nullptr")
            return None
        if isinstance(elem, ListType) and isinstance(elem.elem, BaseType) and elem.elem.name in _INTEGER_LIKE:
            return ArgType("const cmops_int_list *", "optional_int_list", "const cmops_int_list *")
        return None
    if isinstance(typ, ListType):
        elem = typ.elem
        if isinstance(elem, BaseType):
            if elem.name == BaseTy.Tensor:
                return ArgType("cmops_tensor_list", "tensor_list", "cmops_tensor_list")
            if elem.name in _INTEGER_LIKE:
                return ArgType("cmops_int_list", "int_list", "cmops_int_list")
            if elem.name == BaseTy.float:
                return ArgType("cmops_double_list", "double_list", "cmops_double_list")
            if elem.name == BaseTy.bool:
                return ArgType("cmops_bool_list", "bool_list", "cmops_bool_list")
            return None
        if isinstance(elem, OptionalType) and isinstance(elem.elem, BaseType) and elem.elem.name == BaseTy.Tensor:
            return ArgType("cmops_tensor_list", "optional_tensor_list", "cmops_tensor_list")
    return None


# C++ keywords an argument may not be named after (the index constants use the schema's names).
_CPP_KEYWORDS = {"default", "int", "float", "bool", "double", "char", "class", "template", "this",
                 "new", "delete", "operator", "union", "struct", "register", "auto", "const"}


@dataclass
class Argument:
    name: str
    schema_type: str
    type: ArgType
    written: bool  # the kernel writes it: `Tensor(a!)`, or a scratch tensor
    mutable_input: bool  # annotated mutable but not the out argument (an in-place input)


@dataclass
class Operator:
    namespace: str  # "cortex_m", "aten", "dim_order_ops"
    name: str  # "quantized_add"
    overload: str  # "out"
    schema: str
    arguments: list[Argument] = field(default_factory=list)
    out_may_alias: tuple[str, ...] = ()  # inputs whose bytes out may be (in-place copies)

    @property
    def qualified(self) -> str:
        return f"{self.namespace}::{self.name}"

    @property
    def key(self) -> str:
        return f"{self.qualified}.{self.overload}"

    @property
    def function(self) -> str:
        """Name of the typed function in its namespace (kernel_args.h's naming)."""
        return f"{self.name}_{self.overload}"

    @property
    def cpp_namespace(self) -> str:
        return "cmops" if self.namespace == "cortex_m" else f"cmops::{self.namespace}"

    @property
    def glue_function(self) -> str:
        """The unpack function, one flat namespace: `glue::<ns>__<op>_<overload>`."""
        prefix = "" if self.namespace == "cortex_m" else f"{self.namespace}__"
        return f"cmops::glue::{prefix}{self.function}"

    @property
    def written_mask(self) -> int:
        return sum(1 << k for k, a in enumerate(self.arguments) if a.written)

    @property
    def in_place_mask(self) -> int:
        names = set(self.out_may_alias)
        return sum(1 << k for k, a in enumerate(self.arguments[:-1])
                   if a.mutable_input or a.name in names)


def _is_scratch(name: str, schema_type: str) -> bool:
    """Scratch tensors carry no alias annotation, but the Cortex-M backend names them `scratch`
    or `*_scratch` and its kernels write them."""
    return schema_type == "Tensor" and (name == "scratch" or name.endswith("_scratch"))


def parse_operator(namespace: str, schema_text: str, out_may_alias: tuple[str, ...] = ()) -> Operator:
    """One `.out`-style schema (`name.overload(args) -> ret`, without namespace) as an Operator."""
    try:
        schema = FunctionSchema.parse(schema_text)
    except Exception as error:  # torchgen raises AssertionError and others
        raise GlueError(f"{namespace}::{schema_text.split('(')[0]}: torchgen cannot parse the schema: {error}") from error
    op = Operator(namespace, str(schema.name.name), schema.name.overload_name, schema_text)
    flat = list(schema.arguments.flat_all)
    if not flat or not any(a.annotation is not None and a.annotation.is_write for a in schema.arguments.out):
        raise GlueError(f"{op.key}: only out-variant schemas (`..., *, Tensor(a!) out)`) have kernels")
    out_names = {a.name for a in schema.arguments.out}
    for a in flat:
        annotated_write = a.annotation is not None and a.annotation.is_write
        written = annotated_write or _is_scratch(a.name, str(a.type))
        arg_type = _argument_type(a.type, written)
        if arg_type is None:
            raise GlueError(f"{op.key}: argument {a.name} has type {a.type}, which cc/ops/kernel_args.h "
                            "does not map; add the type there and in tools/opgen/gen_op_glue.py")
        if a.name in _CPP_KEYWORDS:
            raise GlueError(f"{op.key}: argument name {a.name} is a C++ keyword")
        op.arguments.append(Argument(a.name, str(a.type), arg_type, written,
                                     annotated_write and a.name not in out_names))
    if len(op.arguments) > 32:
        raise GlueError(f"{op.key}: more than 32 arguments do not fit the kernel table's bit masks")
    unknown = set(out_may_alias) - {a.name for a in op.arguments[:-1]}
    if unknown:
        raise GlueError(f"{op.key}: out_may_alias names {sorted(unknown)}, which are not its inputs")
    op.out_may_alias = tuple(out_may_alias)
    return op


def cortex_m_operators(text: str) -> list[Operator]:
    """Every `cortex_m::` schema of the backend's operators.yaml, in file order."""
    operators = []
    for entry in yaml.safe_load(text) or []:
        func = entry.get("func", "") if isinstance(entry, dict) else ""
        if func.startswith("cortex_m::"):
            operators.append(parse_operator("cortex_m", func[len("cortex_m::"):]))
    if not operators:
        raise GlueError("operators.yaml holds no cortex_m:: schema: is it the Cortex-M backend's?")
    return operators


def selected_operators(selection_text: str, functions_texts: list[str], native_schemas) -> list[Operator]:
    """The operators of --aten-ops, each with its schema from functions.yaml (or quantized.yaml)
    or native_functions.yaml."""
    inline = {}  # "ns::name.overload" -> schema without namespace
    by_name = set()  # "name.overload" listed as `- op:` (schema from native_functions.yaml)
    for functions_text in functions_texts:
        for entry in yaml.safe_load(functions_text) or []:
            if "func" in entry:
                qualified = entry["func"].split("(", 1)[0]
                namespace, _, rest = qualified.partition("::")
                inline[qualified] = entry["func"][len(namespace) + 2:]
            elif "op" in entry:
                by_name.add(entry["op"])
    operators = []
    for entry in yaml.safe_load(selection_text) or []:
        key = entry.get("op", "") if isinstance(entry, dict) else ""
        namespace, sep, rest = key.partition("::")
        if not sep or "." not in rest:
            raise GlueError(f"--aten-ops entry {entry!r}: write `- op: <namespace>::<name>.<overload>`")
        alias = tuple(entry.get("out_may_alias", ()))
        if key in inline:
            operators.append(parse_operator(namespace, inline[key], alias))
        elif namespace == "aten" and (rest in by_name or entry.get("native_only")):
            schema = native_schemas().get(rest)
            if schema is None:
                raise GlueError(f"{key}: not in PyTorch's native_functions.yaml")
            operators.append(parse_operator(namespace, schema, alias))
        else:
            raise GlueError(f"{key} is not an operator of ExecuTorch's kernels/portable/functions.yaml "
                            "or kernels/quantized/quantized.yaml: only those have a schema the runtime's "
                            "programs can call (an ATen op only PyTorch declares needs `native_only: true`)")
    return operators


def native_schema_loader(native_functions: Path, tags: Path):
    """Schemas of native_functions.yaml by `name.overload`, with the out variants torchgen
    derives (`autogen:`), parsed on first use (about 0.7 s)."""
    cache: dict[str, str] = {}

    def load() -> dict[str, str]:
        if not cache:
            from torchgen.gen import parse_native_yaml

            parsed = parse_native_yaml(str(native_functions), str(tags))
            cache.update({str(f.func.name): str(f.func) for f in parsed.native_functions})
        return cache

    return load


# ---- rendering --------------------------------------------------------------------------------

HEADER = "// Generated by " + GENERATOR + " from ExecuTorch's operator schemas. Do not edit."


def _params(op: Operator) -> str:
    return ", ".join(["cmops_context *ctx"] + [f"{a.type.cpp} {a.name}" for a in op.arguments])


def render_header(operators: list[Operator]) -> str:
    lines = [
        HEADER,
        "//",
        "// For each operator: the typed function its hand-written code in cc/ops defines (types as",
        "// in cc/ops/kernel_args.h), the generated unpack function the kernel table calls, and the",
        "// schema index of each argument, which a failing kernel stores in ctx->error_arg.",
        "#ifndef M55ML_CC_OPS_OP_GLUE_H_",
        "#define M55ML_CC_OPS_OP_GLUE_H_",
        "",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        '#include "cc/ops/cortex_m_ops.h"',
        '#include "cc/ops/kernel_args.h"',
        "",
    ]
    for op in operators:
        lines += [f"// {op.key}({', '.join(f'{a.schema_type} {a.name}' for a in op.arguments)})",
                  f"namespace {op.cpp_namespace}", "{",
                  f"cmops_status {op.function}({_params(op)});", "}"]
        lines += [f"namespace cmops::arg::{'' if op.namespace == 'cortex_m' else op.namespace + '::'}{op.function}",
                  "{",
                  *[f"constexpr int32_t {a.name} = {k};" for k, a in enumerate(op.arguments)],
                  "}", ""]
    lines += ["namespace cmops::glue", "{"]
    for op in operators:
        lines.append(f"cmops_status {op.glue_function.split('::')[-1]}(cmops_context *ctx, "
                     "cmops_value *const *args, size_t num_args);")
    lines += ["}", "", "#endif // M55ML_CC_OPS_OP_GLUE_H_", ""]
    return "\n".join(lines)


def render_unpack(operators: list[Operator]) -> str:
    lines = [
        HEADER,
        "//",
        "// One unpack function per operator: argument count, each value's kind as the schema",
        "// declares it (tensors also for their own consistency, cc/ops/internal/glue_support.h),",
        "// then the typed function. A failure names the argument by its schema index.",
        '#include "cc/ops/internal/glue_support.h"',
        '#include "cc/ops/op_glue.h"',
        "",
        "namespace cmops::glue",
        "{",
        "",
    ]
    for op in operators:
        name = op.glue_function.split("::")[-1]
        lines += [f"// {op.key}",
                  f"cmops_status {name}(cmops_context *ctx, cmops_value *const *args, size_t num_args)",
                  "{",
                  f"    CMOPS_TRY(argument_count(ctx, args, num_args, {len(op.arguments)}));"]
        for k, a in enumerate(op.arguments):
            lines.append(f"    {a.type.local} a{k}{{}};")
            lines.append(f"    CMOPS_TRY({a.type.unpack}(ctx, args, {k}, &a{k}));")
        call_args = ", ".join(["ctx"] + [a.type.pass_as.format(*([f"a{k}"] * a.type.pass_as.count("{}")))
                                         for k, a in enumerate(op.arguments)])
        lines += [f"    return ::{op.cpp_namespace}::{op.function}({call_args});", "}", ""]
    lines += ["} // namespace cmops::glue", ""]
    return "\n".join(lines)


def table_rows(operators: list[Operator]) -> list[dict]:
    """The kernel table as data: what operators.json holds and every table is rendered from
    (`table_row`, the C initializer, is what a selective table copies)."""
    rows = [{
        "name": op.qualified,
        "overload": op.overload,
        "num_args": len(op.arguments),
        "function": op.glue_function,
        "written_args": op.written_mask,
        "in_place_args": op.in_place_mask,
        "arg_names": [a.name for a in op.arguments],
        "schema": f"{op.namespace}::{op.schema}",
    } for op in operators]
    for row in rows:
        row["table_row"] = render_table_row(row)
    return rows


def render_table_row(row: dict) -> str:
    # Argument names as one string, NUL-separated: no pointer array, no symbol per operator.
    names = "\\0".join(row["arg_names"])
    return (f'    {{"{row["name"]}", "{row["overload"]}", {row["num_args"]}, {row["function"]}, '
            f'0x{row["written_args"]:x}u, 0x{row["in_place_args"]:x}u, "{names}"}},')


def render_table(rows: list[dict], weak: bool, generator: str, note: str) -> str:
    attribute = "__attribute__((weak)) " if weak else ""
    return "\n".join([
        f"// Generated by {generator}. Do not edit.",
        f"// {note}",
        '#include "cc/ops/cortex_m_ops.h"',
        '#include "cc/ops/op_glue.h"',
        "",
        "// clang-format off",
        f'extern "C" {attribute}const cmops_kernel cmops_kernel_table[] = {{',
        *[r["table_row"] for r in rows],
        "    {nullptr, nullptr, 0, nullptr, 0, 0, nullptr},",
        "};",
        "// clang-format on",
        "",
    ])


def generate(args: argparse.Namespace) -> dict[str, str]:
    operators = cortex_m_operators(args.cortex_m_operators.read_text())
    functions = [args.portable_functions.read_text()]
    if args.quantized_functions is not None:
        functions.append(args.quantized_functions.read_text())
    operators += selected_operators(args.aten_ops.read_text(), functions,
                                    native_schema_loader(args.native_functions, args.native_tags))
    keys = [op.key for op in operators]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise GlueError(f"operators listed twice: {', '.join(duplicates)}")
    rows = table_rows(operators)
    return {
        "op_glue.h": render_header(operators),
        "op_glue.cc": render_unpack(operators),
        "kernel_table.cc": render_table(
            rows, True, GENERATOR,
            "Every operator of this build. A selective firmware build links a strong table with only "
            "the operators its program calls (tools/firmware/gen_kernel_table.py).",
        ),
        "operators.json": json.dumps({"generator": GENERATOR, "operators": rows}, indent=1) + "\n",
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cortex-m-operators", type=Path, required=True)
    parser.add_argument("--portable-functions", type=Path, required=True)
    parser.add_argument("--quantized-functions", type=Path, default=None)
    parser.add_argument("--native-functions", type=Path, required=True)
    parser.add_argument("--native-tags", type=Path, required=True)
    parser.add_argument("--aten-ops", type=Path, required=True)
    parser.add_argument("-o", dest="out_dir", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        files = generate(args)
    except (GlueError, OSError, yaml.YAMLError) as error:
        print(f"gen_op_glue: error: {error}", file=sys.stderr)
        return 1
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out_dir / name).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
