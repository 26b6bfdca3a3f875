"""A firmware image holds only the kernels its program calls (selective build)."""

import json
import subprocess

import pytest
from runfiles import runfiles

_RUNFILES = runfiles.Create()

# Operators of each program, from the export's op histograms (docs/export.md).
MV2_OPERATORS = {"quantize_per_tensor", "dequantize_per_tensor", "quantized_add",
                 "quantized_avg_pool2d", "quantized_conv2d", "quantized_depthwise_conv2d",
                 "quantized_linear"}
DIGITS_OPERATORS = {"quantize_per_tensor", "dequantize_per_tensor", "quantized_conv2d",
                    "quantized_depthwise_conv2d", "quantized_linear"}


def all_operators() -> set[str]:
    """Every cortex_m:: operator of the build, from the generated table (//cc/ops:operators)."""
    path = _RUNFILES.Rlocation("m55ml/cc/ops/operators.json")
    with open(path) as f:
        rows = json.load(f)["operators"]
    return {row["name"].split("::", 1)[1] for row in rows if row["name"].startswith("cortex_m::")}


def kernel_symbols(elf_name: str) -> set[str]:
    elf = _RUNFILES.Rlocation(f"m55ml/models/{elf_name}")
    assert elf, f"{elf_name} is not in the runfiles"
    listing = subprocess.run(["arm-none-eabi-nm", "-C", elf], capture_output=True, text=True,
                             check=True).stdout
    found = set()
    for line in listing.splitlines():
        name = line.split(" ", 2)[-1]
        # The generated unpack functions, one per operator the table holds.
        prefix = "cmops::glue::"
        if name.startswith(prefix) and name.endswith("_out(cmops_context*, cmops_value* const*, unsigned int)"):
            found.add(name[len(prefix):name.index("_out(")])
    return found


@pytest.mark.parametrize(("elf", "expected"), [("mv2_m55.elf", MV2_OPERATORS),
                                               ("digits_m55.elf", DIGITS_OPERATORS)])
def test_image_links_exactly_the_kernels_its_program_calls(elf, expected):
    assert kernel_symbols(elf) == expected
    assert expected < all_operators(), "the test must name kernels that are left out"
