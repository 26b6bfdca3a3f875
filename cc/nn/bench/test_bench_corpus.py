"""The kernel benchmark's corpus: MobileNetV2's published shape, and records kernel_bench.c can read."""

from __future__ import annotations

import struct

import bench_corpus as bc


def test_mobilenet_v2_has_its_64_layers_and_300_8_million_macs():
    layers = bc.mobilenet_v2()
    kinds = [case.function for case in layers]
    assert len(layers) == 64
    assert kinds.count("arm_depthwise_conv_s8") == 17
    assert kinds.count("arm_elementwise_add_s8") == 10
    # 300.8 M multiply-accumulates: MobileNetV2 1.0 at 224x224 (the paper's 300 M).
    assert sum(case.macs for case in layers) == 300_836_992
    assert layers[0].out_hw == (112, 112) and layers[-2].out_hw == (1, 1)


def test_wrapper_choice_follows_cmsis_nn_rules():
    assert bc.conv("a", "random", 8, 8, 16, 8).function == "arm_convolve_1x1_s8_fast"
    assert bc.conv("b", "random", 8, 8, 16, 8, stride=2).function == "arm_convolve_1x1_s8"
    assert bc.conv("c", "random", 8, 8, 16, 8, pad=1).function == "arm_convolve_s8"
    assert bc.conv("d", "random", 8, 8, 16, 8, groups=2).function == "arm_convolve_s8"


def test_every_function_is_in_the_random_set_and_seeds_are_fixed():
    first, again = bc.random_set(), bc.random_set()
    assert first == again
    assert {case.function for case in first} == set(bc.FUNCTIONS)


def test_records_are_24_words_and_a_name():
    cases = bc.corpus(list(bc.REGIMES), include_random=False)
    blob = bc.encode(cases)
    assert blob[:4] == b"KBC1" and struct.unpack_from("<I", blob, 4)[0] == 3 * 64
    assert len(blob) == 8 + len(cases) * (24 * 4 + bc.NAME_BYTES)
    words = struct.unpack_from("<24i", blob, 8)
    assert words[0] == bc.FUNCTIONS["arm_convolve_s8"] and words[2:4] == (-12, -1)


