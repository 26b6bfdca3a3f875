"""Test audio for the voice-activity model: silence, synthesized speech, silence, noise.

Speech comes from Debian's espeak-ng (offline; 22,050 Hz), resampled to 16 kHz. Writes an .npz
with `audio` (float32, 16 kHz mono) and `segments` (rows of start sample, end sample, kind:
0 silence, 1 speech, 2 noise), each segment a whole number of 512-sample windows.

    make_audio.py OUT.npz
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import wave

import numpy as np
from scipy.signal import resample_poly

SAMPLE_RATE = 16000
WINDOW = 512
SENTENCE = "Turn on the kitchen lights, then play some quiet music in the living room."
SILENCE, SPEECH, NOISE = 0, 1, 2


def synthesize(text: str) -> np.ndarray:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("make_audio: espeak-ng not found: run ./bootstrap.sh (Debian espeak-ng)")
    wav = subprocess.run([espeak, "-v", "en-us", "-s", "150", "--stdout", text],
                         check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        rate = reader.getframerate()
        frames = reader.readframes(reader.getnframes())
    samples = np.frombuffer(frames, "<i2").astype(np.float64) / 32768.0
    if rate != 22050:
        raise SystemExit(f"make_audio: espeak-ng wrote {rate} Hz, expected 22050")
    return resample_poly(samples, 320, 441)  # 22,050 Hz -> 16,000 Hz


def _windows(x: np.ndarray) -> np.ndarray:
    return np.pad(x, (0, (-len(x)) % WINDOW))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__.strip().splitlines()[-1].strip())
    rng = np.random.default_rng(0)
    speech = synthesize(SENTENCE)
    # espeak-ng leaves a few silent samples at each end: trim to the voiced part.
    voiced = np.flatnonzero(np.abs(speech) > 1e-3)
    speech = speech[voiced[0]:voiced[-1] + 1]
    parts = [
        (SILENCE, np.zeros(SAMPLE_RATE)),
        (SPEECH, _windows(speech)),
        (SILENCE, np.zeros(SAMPLE_RATE)),
        (NOISE, 0.01 * rng.standard_normal(SAMPLE_RATE)),
    ]
    segments, start = [], 0
    for kind, samples in parts:
        n = len(_windows(samples))
        segments.append((start, start + n, kind))
        start += n
    audio = np.concatenate([_windows(s) for _, s in parts]).astype(np.float32)
    np.savez(argv[0], audio=audio, segments=np.array(segments, dtype=np.int64))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
