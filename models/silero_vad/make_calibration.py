"""Calibration and reference inputs for the voice-activity program, from the test audio.

The network's inputs are a window with context and the LSTM state the windows before it left,
so calibration samples come from streaming the audio through the float network: every 4th
window, with its real state. The reference input is the first speech window's.

    make_calibration.py AUDIO.npz CALIBRATION.npz REFERENCE.npz
"""

from __future__ import annotations

import sys

import numpy as np
import torch

from models.silero_vad.network import CONTEXT, WINDOW, StreamingVad, load_pretrained

EVERY = 4
SPEECH = 1


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        raise SystemExit(__doc__.strip().splitlines()[-1].strip())
    data = np.load(argv[0])
    audio, segments = torch.from_numpy(data["audio"]), data["segments"]
    first_speech = next(int(start) for start, _, kind in segments if kind == SPEECH) // WINDOW
    stream = StreamingVad(load_pretrained())
    samples, hs, cs = [], [], []
    reference = None
    with torch.no_grad():
        for index, start in enumerate(range(0, len(audio), WINDOW)):
            window = audio[start:start + WINDOW].unsqueeze(0)
            inputs = (torch.cat([stream.context, window], dim=1), stream.h, stream.c)
            if index % EVERY == 0:
                for store, x in zip((samples, hs, cs), inputs):
                    store.append(x.numpy().copy())
            if index == first_speech:
                reference = [x.numpy().copy() for x in inputs]
            stream(window)
    assert reference is not None and reference[0].shape == (1, CONTEXT + WINDOW)
    np.savez(argv[1], samples=np.stack(samples), h=np.stack(hs), c=np.stack(cs))
    np.savez(argv[2], samples=reference[0], h=reference[1], c=reference[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
