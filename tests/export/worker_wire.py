"""Bazel's worker protocol written out by hand, to talk to the exporter's worker like Bazel does.

Deliberately independent of m55ml.worker (which uses google.protobuf): requests are encoded and
responses decoded here from the protocol-buffer encoding rules, with the field numbers of
Bazel's worker_protocol.proto (WorkRequest: arguments = 1, inputs = 2, request_id = 3;
WorkResponse: exit_code = 1, output = 2, request_id = 3). Each message is preceded by its size
as a varint.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import BinaryIO, Self


@dataclass(frozen=True)
class Response:
    exit_code: int
    output: str
    request_id: int


def _varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64  # negative int32: ten-byte two's complement
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def _length_delimited(number: int, data: bytes) -> bytes:
    return bytes([number << 3 | 2]) + _varint(len(data)) + data


def encode_request(
    arguments: list[str], request_id: int = 0, inputs: dict[str, bytes] | None = None
) -> bytes:
    """A WorkRequest; `inputs` maps each input's path to its digest (Input: path = 1,
    digest = 2), as Bazel lists the action's input files."""
    body = b""
    for argument in arguments:
        body += _length_delimited(1, argument.encode())
    for path, digest in (inputs or {}).items():
        body += _length_delimited(2, _length_delimited(1, path.encode()) + _length_delimited(2, digest))
    if request_id:
        body += bytes([3 << 3 | 0]) + _varint(request_id)
    return _varint(len(body)) + body


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) != size:
        raise EOFError(f"worker stdout ended after {len(data or b'')} of {size} bytes")
    return data


def read_response(stream: BinaryIO) -> Response:
    size_bytes = b""
    while not size_bytes or size_bytes[-1] & 0x80:
        size_bytes += _read_exactly(stream, 1)
    size, _ = _read_varint(size_bytes, 0)
    body = _read_exactly(stream, size)
    fields: dict[int, int | bytes] = {}
    pos = 0
    while pos < len(body):
        tag, pos = _read_varint(body, pos)
        number, wire_type = tag >> 3, tag & 7
        if wire_type == 0:
            fields[number], pos = _read_varint(body, pos)
        elif wire_type == 2:
            length, pos = _read_varint(body, pos)
            fields[number], pos = body[pos : pos + length], pos + length
        else:
            raise ValueError(f"unexpected wire type {wire_type} for field {number}")
    exit_code = int(fields.get(1, 0))
    if exit_code >= 1 << 63:
        exit_code -= 1 << 64
    output = fields.get(2, b"")
    assert isinstance(output, bytes)
    return Response(exit_code, output.decode(), int(fields.get(3, 0)))


class WorkerProcess:
    """A worker started the way Bazel starts one: `<tool> --persistent_worker`, pipes on
    stdin/stdout, stderr to a log file."""

    def __init__(
        self,
        command: list[str],
        log_path: os.PathLike,
        env: dict[str, str],
        cwd: os.PathLike | None = None,
    ) -> None:
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [*command, "--persistent_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            cwd=cwd,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(
        self, arguments: list[str], request_id: int = 0, inputs: dict[str, bytes] | None = None
    ) -> Response:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(encode_request(arguments, request_id, inputs))
        self.process.stdin.flush()
        return read_response(self.process.stdout)

    def close(self, timeout: float = 60) -> int:
        """Closes stdin (Bazel's way to stop a worker) and returns the exit status."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            return self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._log.close()
