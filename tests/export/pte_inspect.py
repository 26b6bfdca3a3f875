"""Test-side view of a .pte, read independently of the code under test.

The export package reads programs through ExecuTorch's `deserialize_pte_binary`; these tests
walk the raw FlatBuffer with accessors that flatc generates from ExecuTorch's schema at build
time (//tests/export:pte_schema_py, module program_generated), and parse the extended header by
hand, so a bug in the package's reader cannot hide itself. Those accessors need only the
`flatbuffers` runtime: reading a .pte here does not import torch or executorch.
"""

from __future__ import annotations

import collections
import json
import struct
from dataclasses import dataclass
from pathlib import Path

from program_generated import InstructionArguments, KernelTypes, Program, ProgramT
from runfiles import runfiles

# executorch/schema/scalar_type.fbs
FLOAT = 6
CHAR = 1

MODELS_PACKAGE = "m55ml/models"


def artifact(name: str) -> Path:
    """Path of a built file of //models, e.g. artifact("mv2_pte.pte")."""
    location = runfiles.Create().Rlocation(f"{MODELS_PACKAGE}/{name}")
    if location is None or not Path(location).exists():
        raise FileNotFoundError(f"{name} is not in this test's runfiles (add it to data)")
    return Path(location)


def manifest(target: str) -> dict:
    return json.loads(artifact(f"{target}.manifest.json").read_text())


@dataclass(frozen=True)
class Kernel:
    op: str
    args: tuple[int, ...]


@dataclass(frozen=True)
class Header:
    magic: bytes
    length: int
    program_size: int
    segment_base_offset: int
    segment_data_size: int


class Pte:
    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.identifier = raw[4:8]
        self.program = ProgramT.InitFromObj(Program.GetRootAs(raw, 0))
        self.plan = self.program.executionPlan[0]

    @classmethod
    def load(cls, path: Path) -> Pte:
        return cls(path.read_bytes())

    def header(self) -> Header:
        magic, length, program_size, base, data_size = struct.unpack_from("<4sIQQQ", self.raw, 8)
        return Header(magic, length, program_size, base, data_size)

    def kernels(self) -> list[Kernel]:
        out = []
        for chain in self.plan.chains:
            for instruction in chain.instructions:
                if instruction.instrArgsType != InstructionArguments.KernelCall:
                    continue
                call = instruction.instrArgs
                operator = self.plan.operators[call.opIndex]
                name = operator.name.decode() if isinstance(operator.name, bytes) else operator.name
                overload = operator.overload
                if isinstance(overload, bytes):
                    overload = overload.decode()
                out.append(Kernel(f"{name}.{overload}" if overload else name, tuple(call.args)))
        return out

    def histogram(self) -> dict[str, int]:
        return dict(collections.Counter(k.op for k in self.kernels()))

    def value_type(self, index: int) -> int:
        return self.plan.values[index].valType

    def tensor(self, index: int):
        value = self.plan.values[index]
        assert value.valType == KernelTypes.Tensor, f"value {index} is not a tensor"
        return value.val

    def scalar(self, index: int) -> float | int:
        value = self.plan.values[index]
        if value.valType == KernelTypes.Double:
            return value.val.doubleVal
        assert value.valType == KernelTypes.Int, f"value {index} is not a scalar"
        return value.val.intVal

    def int_list(self, index: int) -> list[int]:
        # An IntList holds indices of Int values, not the integers themselves.
        value = self.plan.values[index]
        assert value.valType == KernelTypes.IntList, f"value {index} is not an int list"
        return [int(self.scalar(i)) for i in value.val.items]

    def is_null(self, index: int) -> bool:
        return self.plan.values[index].valType == KernelTypes.Null
