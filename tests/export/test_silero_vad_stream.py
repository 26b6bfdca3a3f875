"""Silero VAD's program streamed over the test audio on the host runtime (pte_run).

Every 32 ms window goes in with the previous 64 samples of context and the LSTM state the
previous call returned, as the network is used (models/silero_vad StreamingVad). The program
must tell speech from silence and noise as the lowered program does in Python (docs/ops.md:
87% of the speech windows above 0.5, no silence or noise window, 0.054 mean distance from the
float network), with the float network computed here from the model's own weights.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import torch
from runfiles import runfiles

from models.silero_vad.network import (
    CONTEXT,
    HIDDEN,
    WINDOW,
    StreamingVad,
    load_pretrained,
)

SILENCE, SPEECH, NOISE = 0, 1, 2


def _runfile(path: str) -> Path:
    location = runfiles.Create().Rlocation(f"m55ml/{path}")
    assert location and Path(location).exists(), f"{path} is not in the runfiles"
    return Path(location)


def _stream(audio: np.ndarray, tmp: Path) -> np.ndarray:
    runner = _runfile("tools/pte_run/pte_run")
    program = _runfile("models/silero_vad_pte.pte")
    context = np.zeros(CONTEXT, np.float32)
    h = np.zeros(HIDDEN, np.float32)
    c = np.zeros(HIDDEN, np.float32)
    probabilities = []
    for start in range(0, len(audio), WINDOW):
        samples = np.concatenate([context, audio[start:start + WINDOW]])
        for name, values in (("samples", samples), ("h", h), ("c", c)):
            (tmp / name).write_bytes(values.tobytes())
        result = subprocess.run(
            [runner, "--program", program, "--input", tmp / "samples", "--input", tmp / "h",
             "--input", tmp / "c", "--output", tmp / "p", "--output", tmp / "h_out",
             "--output", tmp / "c_out"],
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stderr
        probabilities.append(float(np.fromfile(tmp / "p", np.float32)[0]))
        h = np.fromfile(tmp / "h_out", np.float32)
        c = np.fromfile(tmp / "c_out", np.float32)
        context = samples[-CONTEXT:]
    return np.array(probabilities)


def _float_network(audio: np.ndarray) -> np.ndarray:
    vad = StreamingVad(load_pretrained())
    with torch.no_grad():
        return np.array([float(vad(torch.from_numpy(audio[s:s + WINDOW]).unsqueeze(0)))
                         for s in range(0, len(audio), WINDOW)])


def test_program_streams_speech_high_silence_and_noise_low(tmp_path) -> None:
    data = np.load(_runfile("models/silero_vad/vad_audio.npz"))
    audio = data["audio"].astype(np.float32)
    segments = data["segments"]
    ours = _stream(audio, tmp_path)
    assert len(ours) > 200

    def part(kind: int) -> list[np.ndarray]:
        return [ours[a // WINDOW:b // WINDOW] for a, b, k in segments if k == kind]

    (speech,) = part(SPEECH)
    assert (speech > 0.5).mean() >= 0.8, f"{(speech > 0.5).mean():.3f} of speech above 0.5"
    for silence in part(SILENCE):
        assert silence.max() < 0.5 and np.median(silence) < 0.1
    (noise,) = part(NOISE)
    assert noise.max() < 0.5
    distance = float(np.abs(ours - _float_network(audio)).mean())
    assert distance <= 0.06, f"mean distance from the float network {distance:.4f}"
