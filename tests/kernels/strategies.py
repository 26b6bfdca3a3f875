"""Hypothesis settings and shape strategies shared by the kernel tests.

Every property test runs derandomized (the same examples on every run and machine) and keeps no
example database, so runs are reproducible and nothing is written into Bazel's runfiles.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

KERNEL_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)



def kernel_settings(max_examples: int) -> settings:
    """KERNEL_SETTINGS with a per-test example budget."""
    return settings(KERNEL_SETTINGS, max_examples=max_examples)


seeds = st.integers(min_value=0, max_value=2**31 - 1)
pairs = lambda lo, hi: st.tuples(st.integers(lo, hi), st.integers(lo, hi))


@st.composite
def window_geometry(draw, max_kernel=4, max_stride=3, max_padding=2, max_dilation=3, max_extra=6):
    """(kernel, stride, padding, dilation, input size) per axis, always with >= 1 output."""
    kernel = draw(pairs(1, max_kernel))
    stride = draw(pairs(1, max_stride))
    dilation = draw(st.one_of(st.just((1, 1)), pairs(1, max_dilation)))
    padding = draw(pairs(0, max_padding))
    size = []
    for k, p, d in zip(kernel, padding, dilation):
        smallest = max(1, d * (k - 1) + 1 - 2 * p)
        size.append(draw(st.integers(smallest, smallest + max_extra)))
    return kernel, stride, padding, dilation, tuple(size)
