"""Is the BuildGrid cache at ADDRESS ready? A real GetCapabilities call, with grpcio alone.

    $M55ML_REAPI_VENV/bin/python3 tools/reapi/ready_probe.py ADDRESS

Runs with BuildGrid's venv (grpcio and the REAPI protos come from there). Exit status 0 when
Capabilities.GetCapabilities (instance "", what Bazel asks first) answers with cache
capabilities, 1 otherwise, with one line on stderr saying what came back. It imports only grpcio
and the generated protos (about 0.1 CPU-s), not BuildGrid's command line (`bgd capabilities`,
about 1.2 CPU-s), so tools/reapi/reapi_cache.sh can ask it each time it polls a starting server.
"""

from __future__ import annotations

import sys

import grpc
from buildgrid._protos.build.bazel.remote.execution.v2 import (
    remote_execution_pb2 as re_pb2,
)
from buildgrid._protos.build.bazel.remote.execution.v2 import (
    remote_execution_pb2_grpc as re_grpc,
)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: ready_probe.py HOST:PORT", file=sys.stderr)
        return 2
    with grpc.insecure_channel(argv[0]) as channel:
        try:
            answer = re_grpc.CapabilitiesStub(channel).GetCapabilities(
                re_pb2.GetCapabilitiesRequest(instance_name=""), timeout=10)
        except grpc.RpcError as error:
            print(f"ready_probe: GetCapabilities: {error.code().name}", file=sys.stderr)
            return 1
    if not answer.HasField("cache_capabilities") or not answer.cache_capabilities.digest_functions:
        print("ready_probe: GetCapabilities answered without cache capabilities", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
