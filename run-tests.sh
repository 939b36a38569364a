#!/usr/bin/env bash
# The test command (README, CI): the control page's browser tests drive Debian's chromium, so install it when it is
# missing, then run every test project; then check that the GPU flavour still builds.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "chromium is missing: installing it with apt-get (for the control page's browser tests)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium > /dev/null
fi
dotnet test RiffusionVst.sln -c Release "$@"

# The GPU flavour (CUDA build of ONNX Runtime) cannot run here, but it must keep compiling: build it, in a folder of
# its own so the CPU build above stays as it is. RIFFUSION_SKIP_GPU_BUILD=1 skips it (it restores about 900 MB once).
if [ "${RIFFUSION_SKIP_GPU_BUILD:-0}" != "1" ]; then
  echo "Building the GPU flavour (-p:OnnxRuntimeFlavour=Gpu, build only)"
  dotnet build engine/RiffusionVst.Engine.Cli -c Release -p:OnnxRuntimeFlavour=Gpu \
    --artifacts-path "${TMPDIR:-/tmp}/riffusion-vst-gpu-build" -v q -nologo
fi
