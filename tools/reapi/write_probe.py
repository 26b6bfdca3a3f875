"""Try to write into the BuildGrid cache without the writer's credentials; the writer as control.

    $M55ML_REAPI_VENV/bin/python3 tools/reapi/write_probe.py ADDRESS WRITER_TOKEN

Runs with BuildGrid's venv (grpcio, PyJWT and the REAPI protos come from there). ADDRESS is
host:port of tools/reapi/reapi_cache.sh's server. Each write goes three ways: no token to the
read-only instance "", no token to the writer's instance "ci", and a token signed with another
key to "ci": UpdateActionResult (an action-cache entry pointing at a tampered blob: what a
poisoning attacker writes), BatchUpdateBlobs and ByteStream Write of the tampered blob. Every one
must be refused (UNAUTHENTICATED or PERMISSION_DENIED) and the poisoned entry must not be
readable afterwards; the writer's own BatchUpdateBlobs must succeed, so a server that refused
everything would fail too. Prints one line per attempt; exit status 0 when all of that holds.
"""

from __future__ import annotations

import hashlib
import sys
import time
import uuid

import grpc
import jwt
from buildgrid._protos.build.bazel.remote.execution.v2 import (
    remote_execution_pb2 as re_pb2,
)
from buildgrid._protos.build.bazel.remote.execution.v2 import (
    remote_execution_pb2_grpc as re_grpc,
)
from buildgrid._protos.google.bytestream import bytestream_pb2, bytestream_pb2_grpc

REFUSED = {grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED}


def digest(data: bytes) -> re_pb2.Digest:
    return re_pb2.Digest(hash=hashlib.sha256(data).hexdigest(), size_bytes=len(data))


def attempts(channel: grpc.Channel, instance: str, metadata: list, tampered: bytes, action: re_pb2.Digest):
    cas = re_grpc.ContentAddressableStorageStub(channel)
    ac = re_grpc.ActionCacheStub(channel)
    bytestream = bytestream_pb2_grpc.ByteStreamStub(channel)
    blob = digest(tampered)
    result = re_pb2.ActionResult(output_files=[re_pb2.OutputFile(path="bazel-out/poisoned", digest=blob)])
    resource = f"{instance + '/' if instance else ''}uploads/{uuid.uuid4()}/blobs/{blob.hash}/{blob.size_bytes}"
    yield "UpdateActionResult", lambda: ac.UpdateActionResult(
        re_pb2.UpdateActionResultRequest(instance_name=instance, action_digest=action, action_result=result),
        metadata=metadata, timeout=30)
    yield "BatchUpdateBlobs", lambda: cas.BatchUpdateBlobs(
        re_pb2.BatchUpdateBlobsRequest(instance_name=instance, requests=[
            re_pb2.BatchUpdateBlobsRequest.Request(digest=blob, data=tampered)]),
        metadata=metadata, timeout=30)
    yield "ByteStream.Write", lambda: bytestream.Write(
        iter([bytestream_pb2.WriteRequest(resource_name=resource, write_offset=0, finish_write=True, data=tampered)]),
        metadata=metadata, timeout=30)


def main(argv: list[str]) -> int:
    address, writer_token = argv
    channel = grpc.insecure_channel(address)
    tampered = f"tampered firmware {uuid.uuid4()}\n".encode()
    action = digest(f"an action key {uuid.uuid4()}".encode())
    forged = jwt.encode({"sub": "m55ml-ci", "exp": int(time.time()) + 3600}, "not-the-server-key-but-just-as-long-as-one",
                        algorithm="HS256")
    ways = [("no token, instance \"\"", "", []),
            ("no token, instance ci", "ci", []),
            ("token signed with another key, instance ci", "ci", [("authorization", f"Bearer {forged}")])]
    failures = 0
    for way, instance, metadata in ways:
        for name, call in attempts(channel, instance, metadata, tampered, action):
            try:
                call()
                code = grpc.StatusCode.OK
            except grpc.RpcError as error:
                code = error.code()
            verdict = "refused" if code in REFUSED else "ACCEPTED"
            failures += code not in REFUSED
            print(f"write_probe: {name} ({way}): {code.name} -> {verdict}")
    # The poisoned entry must not exist for a reader.
    try:
        re_grpc.ActionCacheStub(channel).GetActionResult(
            re_pb2.GetActionResultRequest(instance_name="", action_digest=action), timeout=30)
        print("write_probe: the poisoned action-cache entry is readable")
        failures += 1
    except grpc.RpcError as error:
        print(f"write_probe: poisoned entry not stored (GetActionResult: {error.code().name})")
        failures += error.code() != grpc.StatusCode.NOT_FOUND
    # Control: the writer may write.
    control = f"written by the CI writer {uuid.uuid4()}\n".encode()
    response = re_grpc.ContentAddressableStorageStub(channel).BatchUpdateBlobs(
        re_pb2.BatchUpdateBlobsRequest(instance_name="ci", requests=[
            re_pb2.BatchUpdateBlobsRequest.Request(digest=digest(control), data=control)]),
        metadata=[("authorization", f"Bearer {writer_token}")], timeout=30)
    status = response.responses[0].status.code
    print(f"write_probe: the writer's BatchUpdateBlobs (instance ci): status {status}")
    failures += status != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
