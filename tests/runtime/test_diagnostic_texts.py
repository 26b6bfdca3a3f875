"""The host side of terse device diagnostics: the fragment collector and the token expansion.

tools/diagnostics/collect_texts.py finds every PTE_TEXT fragment in the runtime's sources and
keys it by the 32-bit FNV-1a hash the device writes; tools/sim/run_firmware.py expands tokens.
"""

import importlib.util
import json
import os
import pathlib
import sys

import pytest

_RUNFILES = pathlib.Path(os.environ.get("TEST_SRCDIR", ".")) / "m55ml"


def _load(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, _RUNFILES / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


collect_texts = _load("collect_texts", "tools/diagnostics/collect_texts.py")
run_firmware = _load("run_firmware", "tools/sim/run_firmware.py")
TABLE = _RUNFILES / "cc/runtime/diagnostic_texts.json"


def test_hash_is_fnv1a_32():
    # The published FNV-1a 32-bit test vectors.
    assert collect_texts.text_hash("") == 0x811C9DC5
    assert collect_texts.text_hash("a") == 0xE40C292C
    assert collect_texts.text_hash("foobar") == 0xBF9CF968


def test_fragments_join_adjacent_literals_and_decode_escapes():
    source = ('w.str(PTE_TEXT("no execution plan named ")).quoted(n, 64);\n'
              'w.str(PTE_TEXT(": a \\"long\\" "\n                "fragment"));\n'
              'static const char *m = PTE_TEXT_STRING("success");\n'
              'w.str("[");\n')
    assert collect_texts.fragments(source) == ["no execution plan named ",
                                               ': a "long" fragment', "success"]


def test_two_fragments_with_one_token_are_refused(tmp_path):
    # FNV-1a maps both to 0x29725338.
    source = tmp_path / "clash.cc"
    source.write_text('a.str(PTE_TEXT("fragment 668489"));\nb.str(PTE_TEXT("fragment 1029094"));\n')
    with pytest.raises(ValueError, match=r"share the token @\{29725338\}: reword one of them"):
        collect_texts.collect([source])


def test_the_runtime_table_is_keyed_by_each_fragments_hash():
    table = json.loads(TABLE.read_text())
    assert len(table) > 150
    assert "operator is not available in this build" in table.values()
    for key, text in table.items():
        assert key == f"{collect_texts.text_hash(text):08x}"


def test_expansion_leaves_unknown_tokens_and_says_when_the_table_is_missing(tmp_path):
    key = f"{collect_texts.text_hash('success'):08x}"
    line = f"error: x: @{{{key}}} (Ok): @{{00000000}} 17\n"
    assert run_firmware.expand_diagnostics(line, TABLE) == "error: x: success (Ok): @{00000000} 17\n"
    missing = run_firmware.expand_diagnostics(line, tmp_path / "absent.json")
    assert missing.startswith(line) and "bazel build //cc/runtime:diagnostic_texts" in missing
