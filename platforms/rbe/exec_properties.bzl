"""REAPI platform properties of //platforms/rbe:linux_x86_64, the remote-execution exec platform.

Bazel sends these as the `Platform` of every action it runs on that platform; a REAPI scheduler
(BuildGrid, Buildbarn, BuildBuddy, EngFlow) hands the action only to a worker whose properties
match. They are also part of each such action's cache key.

  OSFamily, ISA       standard keys of the REAPI platform lexicon (lower case `linux`, `x86-64`):
                      every action runs host tools (gcc, arm-none-eabi-gcc, qemu, the venv Python)
  container-image     the worker image for Buildbarn/BuildBuddy/EngFlow-style runners. A
                      placeholder: a team builds a Debian 12 image by running ./bootstrap.sh in
                      it and pins the image by digest here (see docs/remote.md)
  m55ml-*             the exact versions of what ./bootstrap.sh installed, read from
                      @m55ml_env//:versions.bzl (dpkg and the venv), so a worker pool is matched
                      on the same Arm GCC + newlib, QEMU, FlatBuffers and Python environment the
                      actions were keyed with. A BuildGrid scheduler lists these keys in its
                      `match-property-keys`; workers advertise the same values.
"""

load(
    "@m55ml_env//:versions.bzl",
    "ARM_GCC_VERSION",
    "EXECUTORCH_VERSION",
    "FLATC_VERSION",
    "NEWLIB_VERSION",
    "PYTHON_VERSION",
    "QEMU_VERSION",
    "TORCH_VERSION",
    "VENV",
)

# Replace with the team's image, pinned by digest: docker://REGISTRY/m55ml-rbe@sha256:...
CONTAINER_IMAGE = "docker://m55ml-rbe:debian12-bootstrap"

RBE_EXEC_PROPERTIES = {
    "OSFamily": "linux",
    "ISA": "x86-64",
    "container-image": CONTAINER_IMAGE,
    "m55ml-arm-gcc": "gcc-arm-none-eabi=%s;libnewlib-arm-none-eabi=%s" % (ARM_GCC_VERSION, NEWLIB_VERSION),
    "m55ml-qemu": "qemu-system-arm=%s" % QEMU_VERSION,
    "m55ml-flatc": "flatbuffers-compiler=%s" % FLATC_VERSION,
    "m55ml-python": "python=%s;torch=%s;executorch=%s;venv=%s" % (
        PYTHON_VERSION,
        TORCH_VERSION,
        EXECUTORCH_VERSION,
        VENV,
    ),
}
