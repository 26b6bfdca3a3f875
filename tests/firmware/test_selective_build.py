"""A firmware image holds only the kernels its program calls (selective build)."""

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
ALL_OPERATORS = MV2_OPERATORS | {"quantized_mul", "quantized_div", "quantized_activation",
                                 "minimum", "maximum", "softmax", "transpose", "pad",
                                 "quantized_max_pool2d", "quantized_batch_matmul",
                                 "quantized_transpose_conv2d"}


def kernel_symbols(elf_name: str) -> set[str]:
    elf = _RUNFILES.Rlocation(f"m55ml/models/{elf_name}")
    assert elf, f"{elf_name} is not in the runfiles"
    listing = subprocess.run(["arm-none-eabi-nm", "-C", elf], capture_output=True, text=True,
                             check=True).stdout
    found = set()
    for line in listing.splitlines():
        name = line.split(" ", 2)[-1]
        if name.startswith("cmops::") and name.endswith("_out(cmops_context*, cmops_value* const*, unsigned int)"):
            found.add(name[len("cmops::"):name.index("_out(")])
    return found


@pytest.mark.parametrize(("elf", "expected"), [("mv2_m55.elf", MV2_OPERATORS),
                                               ("digits_m55.elf", DIGITS_OPERATORS)])
def test_image_links_exactly_the_kernels_its_program_calls(elf, expected):
    assert kernel_symbols(elf) == expected
    assert ALL_OPERATORS - expected, "the test must name kernels that are left out"
