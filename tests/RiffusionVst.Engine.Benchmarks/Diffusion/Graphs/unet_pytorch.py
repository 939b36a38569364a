"""Times diffusers 0.9's UNet2DConditionModel (random default init) on one guidance call: batch 2, 4x64x64 latents,
77x768 text, under torch.no_grad(), with a given thread count. Run by FullSizeUNetReport side by side with ours.

usage: /usr/bin/python3 unet_pytorch.py CONFIG.json THREADS RUNS REFSRC
prints one JSON line: {"torch": version, "threads": n, "seconds": [...], "cpu_seconds_per_call": c, "peak_rss_mb": m}
"""
import json
import os
import resource
import sys
import time

config_path, threads, runs, refsrc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
os.environ["HF_HUB_OFFLINE"] = "1"
for part in ("diffusers-0.9.0/src", "huggingface_hub-0.11.1/src", "transformers-4.26.1/src"):
    sys.path.insert(0, os.path.join(refsrc, part))

import torch  # noqa: E402
from diffusers import UNet2DConditionModel  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)
with open(config_path) as f:
    config = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
unet = UNet2DConditionModel(**config).eval()
sample = torch.randn(2, 4, 64, 64)
timestep = torch.tensor([500, 500], dtype=torch.int64)
text = torch.randn(2, 77, config["cross_attention_dim"])
seconds = []
with torch.no_grad():
    unet(sample, timestep, text)  # warm-up
    cpu_start = time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        unet(sample, timestep, text)
        seconds.append(time.perf_counter() - start)
    cpu = (time.process_time() - cpu_start) / runs
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"torch": torch.__version__, "threads": threads, "seconds": seconds, "cpu_seconds_per_call": round(cpu, 1), "peak_rss_mb": round(peak)}))
