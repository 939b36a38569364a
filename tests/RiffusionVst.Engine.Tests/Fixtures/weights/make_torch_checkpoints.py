"""Writes the real torch.save checkpoints the weights reader is tested on (Debian's python3-torch 1.13).

Run: /usr/bin/python3 make_torch_checkpoints.py   (from this folder; CI never runs it)
torch-state-dict.bin: a module's state_dict (with its _metadata), fp16/bf16 tensors, a transposed view, a row
view sharing a storage, an int64 buffer and an nn.Parameter. torch-lightning.ckpt: the same under "state_dict"
with the plain values a Lightning checkpoint carries. expected.json: every float tensor's shape and values.
"""
import collections
import json

import torch

torch.manual_seed(0)
module = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.LayerNorm(3))
state = module.state_dict()  # an OrderedDict with a _metadata attribute, as diffusers' .bin files have
base = torch.randn(3, 4)
state["half"] = torch.randn(5).half()
state["bfloat"] = torch.randn(2, 2).bfloat16()
state["transposed"] = torch.arange(6, dtype=torch.float32).reshape(2, 3).t()
state["row"] = base[1]
state["base"] = base
state["text_model.embeddings.position_ids"] = torch.arange(77).expand((1, -1))
state["parameter"] = torch.nn.Parameter(torch.randn(2, 2))

torch.save(state, "torch-state-dict.bin")
torch.save({"epoch": 3, "global_step": 470000, "pytorch-lightning_version": "1.4.2", "state_dict": state}, "torch-lightning.ckpt")

expected = collections.OrderedDict()
for name, tensor in state.items():
    if tensor.is_floating_point():
        expected[name] = {"shape": list(tensor.shape), "values": tensor.detach().float().flatten().tolist()}
with open("expected.json", "w") as out:
    json.dump({"torch": torch.__version__, "tensors": expected}, out, indent=1)
