#!/usr/bin/env bash
# Style gate run by .ci/run: clang-format (C/C++), ruff (Python), buildifier (Starlark).
# Prints each offending file and ends with `style: ok` or `style: N problems`; exit 1 on any.
#   tools/ci/check_style.sh          check
#   tools/ci/check_style.sh --fix    rewrite files in place
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

readonly VENV="${M55ML_VENV:-/opt/m55ml/venv}"
readonly BUILDIFIER="${M55ML_TOOLS:-/opt/m55ml/tools}/node_modules/.bin/buildifier"
fix=0
[[ "${1:-}" == --fix ]] && fix=1
problems=0

mapfile -t c_files < <(git ls-files '*.c' '*.h' '*.cc' '*.cpp' | grep -v '^third_party/')
mapfile -t py_files < <(git ls-files '*.py')
mapfile -t bazel_files < <(git ls-files '*BUILD' '*.BUILD' '*.bzl' 'WORKSPACE' 'MODULE.bazel')

# One clang-format process for all files (one per file cost 199 process starts, ~5 CPU-s of
# CI's style stage; all at once ~0.6): --dry-run --Werror names each offending file in an
# `error: code should be clang-formatted` line and exits non-zero; any other failure (an
# unreadable file, a broken .clang-format) is reported with clang-format's own first line.
if ((${#c_files[@]})); then
  if ((fix)); then
    clang-format -i "${c_files[@]}"
  else
    format_output="$(clang-format --dry-run --Werror "${c_files[@]}" 2>&1)"
    format_status=$?
    mapfile -t unformatted < <(printf '%s\n' "$format_output" |
      sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*$/\1/p' | uniq)
    for file in "${unformatted[@]}"; do
      echo "clang-format: $file (fix: tools/ci/check_style.sh --fix)"
      problems=$((problems + 1))
    done
    if ((format_status != 0 && ${#unformatted[@]} == 0)); then
      echo "clang-format: failed ($format_status): $(printf '%s\n' "$format_output" | head -n1)"
      problems=$((problems + 1))
    fi
  fi
fi

if ((${#py_files[@]})); then
  if ((fix)); then
    "$VENV/bin/ruff" check --fix --quiet "${py_files[@]}"
  elif ! "$VENV/bin/ruff" check --quiet --output-format concise "${py_files[@]}"; then
    problems=$((problems + 1))
  fi
fi

if ((fix)); then
  "$BUILDIFIER" -lint=off "${bazel_files[@]}"
else
  while read -r file; do
    [[ -n "$file" ]] || continue
    echo "buildifier: $file (fix: tools/ci/check_style.sh --fix)"
    problems=$((problems + 1))
  done < <("$BUILDIFIER" -mode=check -lint=off "${bazel_files[@]}" 2>&1 | sed -n 's/ # reformat$//p')
fi

if ((problems)); then
  echo "style: $problems problems"
  exit 1
fi
echo "style: ok (${#c_files[@]} C/C++, ${#py_files[@]} Python, ${#bazel_files[@]} Starlark files)"
