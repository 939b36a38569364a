#!/usr/bin/env bash
# Exports riffusion/riffusion-model-v1 (MIT) from the Hugging Face Hub to the ONNX layout riffusion-engine reads.
# Needs Python 3.10+, about 12 GB of free disk during the export and network access to the Hub.
#
#   models/export-riffusion-onnx.sh [OUTPUT_DIR] [--fp16]
#
# --fp16 halves the files (about 2.1 GB instead of 4.2 GB) and is what GPUs want; it must run on a CUDA machine.
set -euo pipefail

out="${1:-$HOME/.local/share/RiffusionVst/models/riffusion-model-v1}"
precision="${2:-}"
venv="${VENV:-.venv-riffusion-export}"

python3 -m venv "$venv"
# shellcheck disable=SC1091
. "$venv/bin/activate"
python -m pip install --upgrade pip
python -m pip install "optimum[onnxruntime]>=1.16" "diffusers>=0.25" "transformers>=4.36" torch

args=(export onnx --model riffusion/riffusion-model-v1 --task text-to-image)
if [ "$precision" = "--fp16" ]; then
  args+=(--fp16 --device cuda)
fi

optimum-cli "${args[@]}" "$out"
echo
echo "Exported to $out. Check it with:"
echo "  dotnet run -c Release --project engine/RiffusionVst.Engine.Cli -- model check \"$out\""
