"""The CMake builds run: the host runner and the MobileNetV2 firmware, like the Bazel ones.

Host: the CMake tree is configured without a toolchain file, pte_run is built, and it runs
//models:mv2_pte on the reference input bit-exact with the reference output.

Firmware parity: the tree is configured for the Cortex-M55 with the program //models:mv2_pte,
mv2_m55.elf is built with Ninja and run on the simulated Corstone-300 (QEMU, through
tools/sim/run_firmware.py) with the model's reference input; output0.bin must equal the
reference output byte for byte. Then its sections are compared with the Bazel-built
//models:mv2_m55: .text (code and read-only data) must be byte-identical, which holds because
both builds compile the same sources with the same flags and link the same objects in the same
order; a difference is reported with the first differing address and the symbol there.
firmware_parity.json (section sizes and hashes, build and run times, guest instructions) goes
to the test's outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from facts import configure_cmake
from source_tree import Runfiles, cmake_cache, materialize

OBJCOPY = "/usr/bin/arm-none-eabi-objcopy"
NM = "/usr/bin/arm-none-eabi-nm"
SIZE = "/usr/bin/arm-none-eabi-size"
REPORT: dict = {}


def _outputs() -> Path | None:
    outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
    return Path(outputs) if outputs else None


def _save_report() -> None:
    if _outputs():
        (_outputs() / "firmware_parity.json").write_text(json.dumps(REPORT, indent=2, sort_keys=True) + "\n")


@pytest.fixture(scope="module")
def rf() -> Runfiles:
    return Runfiles()


@pytest.fixture(scope="module")
def cmake_elf(rf, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fw")
    tree = materialize(rf, root / "src")
    program = rf.workspace_file("models/mv2_pte.pte")
    start = time.monotonic()
    configure_cmake(tree, root / "build", "cortex_m55", "fastbuild",
                    {**cmake_cache(rf), "M55ML_MV2_PTE": str(program)})
    # Two jobs: the test reserves two CPUs (tags = ["cpu:2"]).
    proc = subprocess.run(["ninja", "-C", str(root / "build"), "-j2", "mv2_m55.elf"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, "ninja failed:\n" + "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
    REPORT["cmake_configure_and_build_seconds"] = round(time.monotonic() - start, 1)
    return root / "build/mv2_m55.elf"


def test_cmake_host_runner_is_bit_exact_with_the_reference(rf, tmp_path):
    tree = materialize(rf, tmp_path / "src")
    configure_cmake(tree, tmp_path / "build", "host", "fastbuild", cmake_cache(rf))
    proc = subprocess.run(["ninja", "-C", str(tmp_path / "build"), "-j2", "pte_run"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, "ninja failed:\n" + "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
    output = tmp_path / "output0.bin"
    run = subprocess.run([str(tmp_path / "build/pte_run"),
                          "--program", str(rf.workspace_file("models/mv2_pte.pte")),
                          "--input", str(rf.workspace_file("models/mv2_pte.input.bin")),
                          "--output", str(output)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert output.read_bytes() == rf.workspace_file("models/mv2_pte.reference_output.bin").read_bytes()


def _section(elf: Path, name: str, scratch: Path) -> bytes:
    out = scratch / f"{elf.parent.name}{name}.bin"
    subprocess.run([OBJCOPY, "-O", "binary", "--only-section", name, str(elf), str(out)], check=True)
    return out.read_bytes()


def _alloc_sections(elf: Path) -> dict[str, int]:
    listing = subprocess.run([SIZE, "-A", str(elf)], capture_output=True, text=True, check=True).stdout
    sizes = {}
    for line in listing.splitlines():
        match = re.match(r"^(\.\S+)\s+(\d+)\s+(\d+)", line)
        if match and int(match.group(3)) != 0:
            sizes[match.group(1)] = int(match.group(2))
    return sizes


def _symbol_at(elf: Path, address: int) -> str:
    """The function or object covering `address`, e.g. `arm_convolve_s8+0x3a`."""
    listing = subprocess.run([NM, "-n", "-S", "-C", str(elf)], capture_output=True, text=True, check=True).stdout
    best = "?"
    for line in listing.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            start, size = int(parts[0], 16), int(parts[1], 16)
            if start <= address < start + size:
                best = f"{parts[3]}+{address - start:#x}"
    return best


def test_cmake_firmware_runs_bit_exact_on_the_simulator(rf, cmake_elf, tmp_path):
    runner = rf.workspace_file("tools/sim/run_firmware.py")
    metrics = tmp_path / "metrics.json"
    cmd = [
        sys.executable, str(runner),
        f"--elf={cmake_elf}",
        "--timeout=600",
        f"--input=input0.bin={rf.workspace_file('models/mv2_pte.input.bin')}",
        f"--compare=output0.bin={rf.workspace_file('models/mv2_pte.reference_output.bin')}",
        f"--plugin={rf.workspace_file('tools/qemu_plugin/libinsn_count.so')}",
        "--marker-symbol=board_profile_marker",
        f"--metrics-out={metrics}",
    ]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    REPORT["simulator_seconds"] = round(time.monotonic() - start, 1)
    print(proc.stdout[-3000:])
    assert proc.returncode == 0, f"the CMake-built firmware failed on the simulator:\n{proc.stdout[-3000:]}{proc.stderr}"
    if metrics.exists():
        REPORT["cmake_elf_guest_instructions"] = json.loads(metrics.read_text()).get("guest_instructions")
    REPORT["outputs_bit_exact_with_reference"] = True
    _save_report()


def test_text_section_is_byte_identical_with_the_bazel_elf(rf, cmake_elf, tmp_path):
    bazel_elf = rf.workspace_file("models/mv2_m55.elf")
    sizes = {"bazel": _alloc_sections(bazel_elf), "cmake": _alloc_sections(cmake_elf)}
    sections = {}
    for name in sorted(set(sizes["bazel"]) | set(sizes["cmake"])):
        bazel_bytes, cmake_bytes = (_section(e, name, tmp_path) for e in (bazel_elf, cmake_elf))
        sections[name] = {
            "bazel_size": sizes["bazel"].get(name),
            "cmake_size": sizes["cmake"].get(name),
            # NOLOAD sections (.bss, .stack, .arena) have a size but no contents to compare.
            "contents_identical": bazel_bytes == cmake_bytes if bazel_bytes or cmake_bytes else None,
            "sha256": {"bazel": hashlib.sha256(bazel_bytes).hexdigest(),
                       "cmake": hashlib.sha256(cmake_bytes).hexdigest()} if bazel_bytes or cmake_bytes else None,
        }
    REPORT["sections"] = sections
    text = sections[".text"]
    print(f".text: Bazel {text['bazel_size']} bytes, CMake {text['cmake_size']} bytes, "
          f"{'byte-identical' if text['contents_identical'] else 'DIFFERENT'}")
    why = ""
    if not text["contents_identical"]:
        bazel_bytes, cmake_bytes = (_section(e, ".text", tmp_path) for e in (bazel_elf, cmake_elf))
        offset = next((i for i, (a, b) in enumerate(zip(bazel_bytes, cmake_bytes)) if a != b),
                      min(len(bazel_bytes), len(cmake_bytes)))
        address = _text_address(bazel_elf) + offset
        why = (f"first difference at .text+{offset:#x} ({address:#x}): Bazel {_symbol_at(bazel_elf, address)}, "
               f"CMake {_symbol_at(cmake_elf, address)}")
        REPORT["text_first_difference"] = why
    _save_report()
    assert text["contents_identical"], (
        f".text differs between the Bazel and the CMake ELF ({why}). The parity check passed, so "
        "something it does not see differs: compare the link maps (-Wl,-Map) of both builds.")


def _text_address(elf: Path) -> int:
    listing = subprocess.run([SIZE, "-A", str(elf)], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        if parts and parts[0] == ".text":
            return int(parts[2])
    return 0
