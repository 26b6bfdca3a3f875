"""Small pure helpers: raw tensor layout, layout naming, command-line parsing, tie counting."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from m55ml.cli import build_parser
from m55ml.export.numerics import cmsis_avg_pool_int8, count_avg_pool_ties
from m55ml.reports.binfiles import batch_bytes, labels_bytes, tensor_bytes
from m55ml.reports.pte import TensorInfo

ORDERS_4D = list(itertools.permutations(range(4)))


@settings(max_examples=40, deadline=None, database=None)
@given(
    shape=st.tuples(*[st.integers(1, 4)] * 4),
    order=st.sampled_from(ORDERS_4D),
    seed=st.integers(0, 2**16),
)
def test_tensor_bytes_lay_out_dims_in_the_given_order(shape, order, seed) -> None:
    t = torch.randn(*shape, generator=torch.Generator().manual_seed(seed))
    expected = np.ascontiguousarray(t.numpy().transpose(order)).astype("<f4").tobytes()
    assert tensor_bytes(t, order) == expected


def test_tensor_bytes_ignore_the_tensor_s_own_strides() -> None:
    t = torch.arange(24, dtype=torch.float32).reshape(1, 2, 3, 4)
    order = (0, 2, 3, 1)
    assert tensor_bytes(t, order) == tensor_bytes(t.to(memory_format=torch.channels_last), order)
    # NHWC: the two channels of pixel (0, 0) come first.
    assert np.frombuffer(tensor_bytes(t, order), "<f4")[:2].tolist() == [0.0, 12.0]


def test_batch_bytes_concatenate_samples() -> None:
    samples = torch.arange(16, dtype=torch.float32).reshape(2, 2, 2, 2)
    order = (0, 2, 3, 1)
    assert batch_bytes(samples, order) == tensor_bytes(samples[:1], order) + tensor_bytes(
        samples[1:], order
    )


def test_labels_must_fit_uint8() -> None:
    assert labels_bytes(torch.tensor([0, 9, 255])) == bytes([0, 9, 255])
    with pytest.raises(ValueError):
        labels_bytes(torch.tensor([256]))


@pytest.mark.parametrize(
    ("sizes", "dim_order", "layout"),
    [
        ((1, 3, 8, 8), (0, 2, 3, 1), "channels_last"),
        ((1, 3, 8, 8), (0, 1, 2, 3), "contiguous"),
        # C == 1: ExecuTorch's order for channels_last strides; the bytes are NHWC.
        ((1, 1, 8, 8), (0, 2, 1, 3), "channels_last"),
        ((1, 3, 8, 8), (0, 3, 2, 1), "custom"),
        ((1, 1000), (0, 1), "contiguous"),
    ],
)
def test_layout_is_judged_on_dims_that_move_bytes(sizes, dim_order, layout) -> None:
    assert TensorInfo(0, sizes, "float32", dim_order).layout == layout


def test_shape_option_parses_commas_and_x_once_per_input() -> None:
    parser = build_parser()
    base = ["export", "--model-entry", "m:f", "--pte", "a", "--manifest", "b", "--input-bin", "c"]
    base += ["--reference-output-bin", "d"]
    parsed = parser.parse_args([*base, "--input-shape", "1,3,96,96", "--input-shape", "1x16"])
    assert parsed.input_shape == [(1, 3, 96, 96), (1, 16)]


def test_arguments_can_come_from_a_params_file(tmp_path) -> None:
    # What Bazel passes when the command line goes in a params file (one argument per line).
    params = tmp_path / "export.params"
    params.write_text("export\n--model-entry\nm:f\n--pte\na b.pte\n--manifest\nb\n"
                      "--input-bin\nc\n--reference-output-bin\nd\n")
    parsed = build_parser().parse_args([f"@{params}"])
    assert (parsed.model_entry, parsed.pte.name) == ("m:f", "a b.pte")


def _ties_by_loops(q: np.ndarray, kernel: int, stride: int, zero_point: int) -> int:
    # Straightforward reference for count_avg_pool_ties (no padding): one window at a time.
    ties = 0
    _, channels, height, width = q.shape
    count = kernel * kernel
    for c in range(channels):
        for top in range(0, height - kernel + 1, stride):
            for left in range(0, width - kernel + 1, stride):
                window = q[0, c, top : top + kernel, left : left + kernel].astype(int) - zero_point
                if count % 2 == 0 and int(window.sum()) % count == count // 2:
                    ties += 1
    return ties


@settings(max_examples=30, deadline=None, database=None)
@given(
    kernel=st.integers(1, 4),
    stride=st.integers(1, 3),
    zero_point=st.integers(-128, 127),
    seed=st.integers(0, 2**16),
)
def test_avg_pool_ties_match_a_window_by_window_count(kernel, stride, zero_point, seed) -> None:
    generator = torch.Generator().manual_seed(seed)
    # A narrow value range makes .5 means common enough to exercise both outcomes.
    q = torch.randint(-3, 4, (1, 3, 6, 6), generator=generator, dtype=torch.int8)
    expected = _ties_by_loops(q.numpy(), kernel, stride, zero_point)
    got = count_avg_pool_ties(q, [kernel] * 2, [stride] * 2, [0, 0], False, zero_point)
    assert got == expected


def test_avg_pool_tie_example() -> None:
    q = torch.tensor([[[[1, 0], [0, 0]], [[1, 1], [0, 0]]]], dtype=torch.int8)
    # Means 0.25 and 0.5 over a 2x2 window: only the second channel is a tie.
    assert count_avg_pool_ties(q, [2, 2], [2, 2], [0, 0], False, 0) == 1


@pytest.mark.parametrize(
    ("pair", "cmsis", "is_tie"),
    [
        # Expected values follow from the rule alone (round half away from zero), not the code.
        ((1, 2), 2, True),  # 1.5 -> 2 (half to even also gives 2)
        ((2, 3), 3, True),  # 2.5 -> 3 (half to even gives 2: where the two contracts part)
        ((-1, -2), -2, True),  # -1.5 -> -2
        ((-2, -3), -3, True),  # -2.5 -> -3 (half to even gives -2)
        ((4, 7), 6, True),  # 5.5 -> 6
        ((3, 6), 5, True),  # 4.5 -> 5 (half to even gives 4)
        ((5, 6), 6, True),  # 5.5 -> 6
        ((2, 4), 3, False),  # 3.0, no rounding
        ((127, 127), 127, False),
        ((-128, -127), -128, True),  # -127.5 -> -128, still in range
    ],
)
def test_cmsis_avg_pool_rounds_half_away_from_zero(pair, cmsis, is_tie) -> None:
    x = torch.tensor(pair, dtype=torch.int8).reshape(1, 1, 1, 2)
    out, ties = cmsis_avg_pool_int8(x, [1, 2], [1, 2], [0, 0], False)
    assert out.flatten().tolist() == [cmsis]
    assert ties.flatten().tolist() == [is_tie]


def test_cmsis_avg_pool_counts_only_valid_elements_at_padded_edges() -> None:
    # 3x3 window, padding 1, on a 2x2 plane of 9s: every window holds four 9s -> 9, not 4.
    x = torch.full((1, 1, 2, 2), 9, dtype=torch.int8)
    out, ties = cmsis_avg_pool_int8(x, [3, 3], [1, 1], [1, 1], False)
    assert out.flatten().tolist() == [9, 9, 9, 9]
    assert not ties.any()


# --- export.reuse: what may start from another export's kept stages ------------------------


def _reuse_key(digest: str | None, **fields: object) -> str | None:
    from m55ml.export import reuse
    from m55ml.export.model_export import ExportRequest

    with reuse.request_inputs(digest):
        return reuse.key(ExportRequest(entry="models.m:build", **fields))  # type: ignore[arg-type]


def test_reuse_key_ignores_only_the_target_and_the_name() -> None:
    base = _reuse_key("d", target="cortex-m55", name="//models:m_pte")
    assert base is not None
    assert _reuse_key("d", target="cortex-m3", name="//models:m_m3_pte") == base
    for changed in ({"int8_io": True}, {"allow_portable_fallback": True},
                    {"input_shapes": ((1, 3, 8, 8),)}, {"python_path": ("other",)},
                    {"write_eval_set": True}):
        assert _reuse_key("d", **changed) != base, changed
    assert _reuse_key("e") != _reuse_key("d")
    assert _reuse_key(None) is None  # a one-shot export keeps nothing


def test_reuse_digest_covers_every_input_but_the_params_file() -> None:
    from m55ml.export.reuse import inputs_digest

    model = ("models/m.py", b"\x01" * 32)
    digest = inputs_digest([model, ("bazel-out/k8/bin/models/m_pte.pte-0.params", b"\x02")])
    assert digest == inputs_digest([("bazel-out/k8/bin/models/m_m3_pte.pte-0.params", b"\x03"),
                                    model])
    assert inputs_digest([("models/m.py", b"\x04" * 32)]) != digest
    assert inputs_digest([model, ("models/data.bin", b"\x05")]) != digest
    assert inputs_digest([model, ("models/data.bin", b"")]) is None  # an input without digest
    assert inputs_digest([]) is None
