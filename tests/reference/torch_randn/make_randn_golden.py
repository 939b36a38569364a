#!/usr/bin/python3
"""Golden values of torch.randn on torch's CPU generator, for the engine's TorchCpuGenerator.

Run with Debian's torch twice: under ATEN_CPU_CAPABILITY=default (torch's portable kernel, the one Apple machines
run) and under ATEN_CPU_CAPABILITY=avx2 (the kernel x86 builds take on CPUs with AVX2, whose values differ in the
last bits). See README.md next to this file.
"""
import base64
import json
import os
import sys

import numpy as np
import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
capability = os.environ.get("ATEN_CPU_CAPABILITY")
if capability not in ("default", "avx2"):
    sys.exit("Run with ATEN_CPU_CAPABILITY=default, then with ATEN_CPU_CAPABILITY=avx2 (see README.md).")
NAME = "randn.json" if capability == "default" else "randn_avx2.json"
OUT = os.path.join(REPO, "tests", "RiffusionVst.Engine.Tests", "Fixtures", "torch-randn", NAME)


def bits(t):
    return base64.b64encode(t.contiguous().numpy().astype("<f4").tobytes()).decode("ascii")


cases = []
# One generator per case, then randn calls in order (the scalar path's cached value carries between calls).
plans = [
    (0, [[1]]), (1, [[2]]), (42, [[3]]), (42, [[15]]), (42, [[16]]), (42, [[17]]), (42, [[100]]),
    (123, [[5, 5]]), (7, [[3], [20], [1], [31]]), (2**32 + 42, [[16]]), (4294967295, [[8]]),
    (2024, [[1, 4, 8, 8]]), (42, [[1, 4, 64, 64]]), (123, [[1, 4, 64, 64]]),
    # Riffusion's img2img: the VAE's sampling and noise A each from a fresh generator at the start seed.
    (42, [[1, 4, 64, 64], [1, 4, 64, 64]]),
]
if capability == "avx2":
    # Two seeds that tell apart the ways the compiler could have fused the kernel's multiply-adds.
    plans += [(7, [[1, 4, 64, 64]]), (99, [[1, 4, 64, 64]])]
for seed, shapes in plans:
    g = torch.Generator("cpu").manual_seed(seed)
    calls = [{"shape": shape, "float32_le_base64": bits(torch.randn(shape, generator=g))} for shape in shapes]
    cases.append({"seed": seed, "calls": calls})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "numpy": np.__version__, "aten_cpu_capability": capability,
               "cases": cases}, f, indent=1)
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT), "bytes")
