#!/usr/bin/python3
"""Golden values from the reference implementation (diffusers 0.9.0, transformers 4.26.1 and
Riffusion's own pipeline code) for a small random-weight model of the SD 1.x architecture.

Writes the model (diffusers layout, safetensors and torch `.bin`), the golden outputs of each
component (fp32, and fp16 where torch's CPU kernels allow it) and two whole riffuse runs (noise
injected from a file, and noise from torch's own CPU generators). See README.md next to this file
for the exact commands, every file and how the noise was drawn. The fetched sources are not part of
the repository: pass their folder with --refsrc.
"""
import argparse
import json
import os
import shutil
import struct
import sys

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "tests", "RiffusionVst.Engine.Tests", "Fixtures", "diffusers-small")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--refsrc", default="/work/refsrc", help="folder holding the fetched reference sources")
parser.add_argument("--out", default=DEFAULT_OUT, help="fixture folder to (re)write")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()

# torch's portable CPU kernels, so the `torch.` riffuse run draws its noise as Apple machines (and the engine's
# --noise riffusion) do: x86 builds otherwise take an AVX2 randn kernel whose values differ in the last bits.
if os.environ.get("ATEN_CPU_CAPABILITY") != "default":
    sys.exit("Run with ATEN_CPU_CAPABILITY=default (see README.md).")

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
for part in ("diffusers-0.9.0/src", "huggingface_hub-0.11.1/src", "transformers-4.26.1/src", "riffusion"):
    sys.path.insert(0, os.path.join(args.refsrc, part))

import torch  # noqa: E402
import PIL  # noqa: E402
from PIL import Image  # noqa: E402

import transformers  # noqa: E402
import transformers.tokenization_utils_base as tub  # noqa: E402
import diffusers  # noqa: E402
import huggingface_hub  # noqa: E402
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer  # noqa: E402
from diffusers import AutoencoderKL, PNDMScheduler, UNet2DConditionModel  # noqa: E402

assert diffusers.__version__ == "0.9.0", diffusers.__version__
assert transformers.__version__.startswith("4.26"), transformers.__version__
assert huggingface_hub.__version__ == "0.11.1", huggingface_hub.__version__

# Without the `tokenizers` package, transformers 4.26 falls back to a dataclass AddedToken that lacks
# the real one's __str__ (which returns the content), so bos/eos ids come out as None. Give the
# fallback the real class's behaviour; tokenization itself is unchanged.
if tub.AddedToken.__module__ == tub.__name__:
    tub.AddedToken.__str__ = lambda self: self.content

torch.set_num_threads(args.threads)
torch.manual_seed(20221215)  # Riffusion's release date; fixes every random weight and input below

OUT = args.out
MODEL = os.path.join(OUT, "model")
GOLDEN = os.path.join(OUT, "golden")
TOKENIZER_SRC = os.path.join(args.refsrc, "sd15-tokenizer")

# --------------------------------------------------------------------------------------------
# safetensors, written with numpy (the `safetensors` package is not on these machines)
# --------------------------------------------------------------------------------------------
DTYPES = {np.dtype(np.float32): "F32", np.dtype(np.float16): "F16", np.dtype(np.int64): "I64",
          np.dtype(np.int32): "I32", np.dtype(np.uint8): "U8"}


def write_safetensors(path, tensors, metadata=None):
    """tensors: dict name -> numpy array (or torch tensor). Keys sorted; data packed in that order."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        value = tensors[name]
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().contiguous().numpy()
        value = np.ascontiguousarray(value)
        data = value.astype(value.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": DTYPES[value.dtype], "shape": list(value.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # the data starts 8-byte aligned, as the library pads it
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    inverse = {v: k for k, v in DTYPES.items()}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype=inverse[info["dtype"]]).reshape(info["shape"])
    return out


def f32(t):
    return t.detach().float().cpu().contiguous().numpy()


def f16(t):
    return t.detach().half().cpu().contiguous().numpy()


# --------------------------------------------------------------------------------------------
# The small model: every block type of SD 1.x, random weights, all exactly representable in fp16
# --------------------------------------------------------------------------------------------
UNET_CONFIG = dict(
    sample_size=8, in_channels=4, out_channels=4,
    down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
    block_out_channels=(32, 64), layers_per_block=1, attention_head_dim=2,
    cross_attention_dim=32, norm_num_groups=8, norm_eps=1e-5,
    flip_sin_to_cos=True, freq_shift=0, downsample_padding=1, act_fn="silu",
)
# Four blocks (not two) so the VAE scales by 8 like SD's: the engine's pipeline relies on that factor.
VAE_CONFIG = dict(
    in_channels=3, out_channels=3, latent_channels=4,
    down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
    block_out_channels=(16, 16, 32, 32), layers_per_block=1, norm_num_groups=8,
    act_fn="silu", sample_size=64,
)
TEXT_CONFIG = dict(
    vocab_size=49408, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
    num_attention_heads=4, max_position_embeddings=77, hidden_act="quick_gelu",
    layer_norm_eps=1e-5, bos_token_id=49406, eos_token_id=49407, pad_token_id=1,
    projection_dim=32,
)


def randomise(model, output_gain=None):
    """Default init, then norms get non-trivial affine parameters (so a swapped scale/shift shows),
    then every value is rounded to fp16 so the fp16 and fp32 models hold the very same weights."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (torch.nn.GroupNorm, torch.nn.LayerNorm)) and module.weight is not None:
                module.weight.copy_(1.0 + 0.1 * torch.randn_like(module.weight))
                module.bias.copy_(0.1 * torch.randn_like(module.bias))
        if output_gain:
            for name, gain in output_gain.items():
                param = model.get_parameter(name)
                param.mul_(gain)
        for p in model.parameters():
            p.copy_(p.half().float())
        for b in model.buffers():
            if b.is_floating_point():
                b.copy_(b.half().float())
    return model.eval()


unet = randomise(UNet2DConditionModel(**UNET_CONFIG))
# Halving the decoder's last conv keeps decoded images mostly inside [-1, 1], so few pixels clamp.
vae = randomise(AutoencoderKL(**VAE_CONFIG), {"decoder.conv_out.weight": 0.5, "decoder.conv_out.bias": 0.5})
text_encoder = randomise(CLIPTextModel(CLIPTextConfig(**TEXT_CONFIG)))

# model_max_length 77 is what SD 1.5's tokenizer_config.json sets.
tokenizer = CLIPTokenizer(os.path.join(TOKENIZER_SRC, "vocab.json"), os.path.join(TOKENIZER_SRC, "merges.txt"),
                          model_max_length=77)
known = tokenizer("a photo of a fox").input_ids
assert known == [49406, 320, 1125, 539, 320, 3240, 49407], known  # RIFFUSION.md's known vector
assert tokenizer.model_max_length == 77

scheduler = PNDMScheduler(
    num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
    skip_prk_steps=True, set_alpha_to_one=False, steps_offset=1)

# --------------------------------------------------------------------------------------------
# The model folder (diffusers layout, both weight formats)
# --------------------------------------------------------------------------------------------
if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(GOLDEN)


def save_component(model, folder, safetensors_name, bin_name, safetensors_half, bin_half):
    """Every weight is fp16-exact, so an fp16 file holds the very same model as an fp32 one: the
    fixture mixes them to stay small and to cover both dtypes in both formats."""
    path = os.path.join(MODEL, folder)
    model.save_pretrained(path)  # config.json + an fp32 .bin, exactly as the library writes them
    state = model.state_dict()
    if bin_half:
        torch.save({k: (v.half() if v.is_floating_point() else v) for k, v in state.items()}, os.path.join(path, bin_name))
    assert os.path.exists(os.path.join(path, bin_name)), os.listdir(path)
    write_safetensors(os.path.join(path, safetensors_name),
                      {k: ((f16(v) if safetensors_half else f32(v)) if v.is_floating_point() else v.numpy())
                       for k, v in state.items()}, {"format": "pt"})


# safetensors: UNet and VAE fp32, text encoder fp16. .bin: VAE fp32, UNet and text encoder fp16.
save_component(unet, "unet", "diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin", False, True)
save_component(vae, "vae", "diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin", False, False)
save_component(text_encoder, "text_encoder", "model.safetensors", "pytorch_model.bin", True, True)
scheduler.save_config(os.path.join(MODEL, "scheduler"))
os.makedirs(os.path.join(MODEL, "tokenizer"))
for name in ("vocab.json", "merges.txt"):
    shutil.copyfile(os.path.join(TOKENIZER_SRC, name), os.path.join(MODEL, "tokenizer", name))
with open(os.path.join(MODEL, "model_index.json"), "w") as f:
    json.dump({
        "_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.9.0",
        "feature_extractor": [None, None], "safety_checker": [None, None],
        "scheduler": ["diffusers", "PNDMScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
        "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "UNet2DConditionModel"],
        "vae": ["diffusers", "AutoencoderKL"]}, f, indent=2)
    f.write("\n")

# Round trip: both files give back the exact weights.
for folder, st, bn in (("unet", "diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin"),
                       ("vae", "diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin"),
                       ("text_encoder", "model.safetensors", "pytorch_model.bin")):
    a = read_safetensors(os.path.join(MODEL, folder, st))
    b = torch.load(os.path.join(MODEL, folder, bn), map_location="cpu")
    assert sorted(a) == sorted(b), folder
    reference = dict(unet=unet, vae=vae, text_encoder=text_encoder)[folder].state_dict()
    for k in a:
        assert torch.equal(torch.from_numpy(a[k].copy()).to(reference[k].dtype), reference[k]), (folder, k)
        assert torch.equal(b[k].to(reference[k].dtype), reference[k]), (folder, k)

report = {"aten_cpu_capability": os.environ["ATEN_CPU_CAPABILITY"], "versions": {"torch": torch.__version__, "numpy": np.__version__, "diffusers": diffusers.__version__,
                       "transformers": transformers.__version__, "huggingface_hub": huggingface_hub.__version__,
                       "pillow": PIL.__version__, "python": sys.version.split()[0]},
          "fp16": {}}

# --------------------------------------------------------------------------------------------
# Component golden values
# --------------------------------------------------------------------------------------------
PROMPTS = ["a photo of a fox", "funky synth solo, 120bpm", "church bells on sunday"]


def ids_of(prompts):
    return tokenizer(prompts, padding="max_length", max_length=77, truncation=True, return_tensors="pt").input_ids


def try_fp16(name, fn):
    try:
        value = fn()
        report["fp16"][name] = "computed"
        return value
    except RuntimeError as e:  # torch 1.13's CPU kernels lack Half for some ops
        report["fp16"][name] = "not supported by torch %s on CPU: %s" % (torch.__version__, str(e).splitlines()[0])
        return None


golden = {}
with torch.no_grad():
    ids = ids_of(PROMPTS)
    golden["text.input_ids"] = ids.numpy().astype(np.int64)
    golden["text.last_hidden_state"] = f32(text_encoder(ids)[0])
    te16 = CLIPTextModel(CLIPTextConfig(**TEXT_CONFIG)).eval()
    te16.load_state_dict(text_encoder.state_dict())
    te16 = te16.half()
    out = try_fp16("text_encoder", lambda: te16(ids)[0])
    if out is not None:
        golden["text.last_hidden_state.fp16"] = f16(out)

    # UNet: CFG batch of 2 (unconditional "" first, then a prompt), several timesteps.
    cfg_ids = ids_of(["", PROMPTS[1]])
    hidden = text_encoder(cfg_ids)[0]
    golden["unet.encoder_hidden_states"] = f32(hidden)
    sample = torch.randn(2, 4, 8, 8).half().float()
    golden["unet.sample"] = f32(sample)
    unet16 = None
    for t in (999, 500, 1):
        golden["unet.out_sample.t%d" % t] = f32(unet(sample, torch.tensor(t, dtype=torch.int64), hidden).sample)
    unet16 = UNet2DConditionModel(**UNET_CONFIG).eval()
    unet16.load_state_dict(unet.state_dict())
    unet16 = unet16.half()
    for t in (999, 500, 1):
        out = try_fp16("unet.t%d" % t, lambda: unet16(sample.half(), torch.tensor(t), hidden.half()).sample)
        if out is not None:
            golden["unet.out_sample.t%d.fp16" % t] = f16(out)

    # VAE: encode a 64x64 image in [-1, 1] (the seed image below), decode a given latent.
    xs, ys = np.meshgrid(np.arange(64), np.arange(64))
    seed_rgb = np.stack([
        (xs * 4) % 256,
        (255 - ys * 4) % 256,
        (128 + 100 * np.sin(xs / 5.0) * np.cos(ys / 7.0)).round(),
    ], axis=-1).astype(np.uint8)
    seed_image = Image.fromarray(seed_rgb, "RGB")
    seed_image.save(os.path.join(OUT, "seed.png"))
    image = torch.from_numpy(seed_rgb.astype(np.float32) / 255.0)[None].permute(0, 3, 1, 2) * 2.0 - 1.0
    golden["vae.sample"] = f32(image)
    golden["vae.latent_parameters"] = f32(vae.encode(image).latent_dist.parameters)
    latent = (torch.randn(1, 4, 8, 8) * 2.0).half().float()  # about the spread of SD latents / 0.18215
    golden["vae.latent_sample"] = f32(latent)
    golden["vae.decoded"] = f32(vae.decode(latent).sample)
    vae16 = AutoencoderKL(**VAE_CONFIG).eval()
    vae16.load_state_dict(vae.state_dict())
    vae16 = vae16.half()
    out = try_fp16("vae.encode", lambda: vae16.encode(image.half()).latent_dist.parameters)
    if out is not None:
        golden["vae.latent_parameters.fp16"] = f16(out)
    out = try_fp16("vae.decode", lambda: vae16.decode(latent.half()).sample)
    if out is not None:
        golden["vae.decoded.fp16"] = f16(out)

write_safetensors(os.path.join(GOLDEN, "components.safetensors"), golden)

# --------------------------------------------------------------------------------------------
# The whole riffuse path through Riffusion's own pipeline code
# --------------------------------------------------------------------------------------------
from riffusion.datatypes import InferenceInput, PromptInput  # noqa: E402
from riffusion.riffusion_pipeline import RiffusionPipeline  # noqa: E402

pipe = RiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                         scheduler=scheduler, safety_checker=None, feature_extractor=None)
pipe.set_progress_bar_config(disable=True)

RIFFUSE = dict(
    start=dict(prompt="funky synth solo", seed=42, denoising=0.75, guidance=7.0),
    end=dict(prompt="(jazz piano:1.3), [drums]", seed=123, denoising=0.55, guidance=5.0),
    alpha=0.5, num_inference_steps=10)


def riffuse_input():
    return InferenceInput(start=PromptInput(**RIFFUSE["start"]), end=PromptInput(**RIFFUSE["end"]),
                          alpha=RIFFUSE["alpha"], num_inference_steps=RIFFUSE["num_inference_steps"])


original_randn = torch.randn
generators = {}  # id(generator) -> role, filled by a wrapped torch.Generator.manual_seed below


class Recorder:
    """Stands in for torch.randn while Riffusion's code runs: records (or replaces) each draw."""

    def __init__(self, inject=None):
        self.inject = inject  # list of tensors handed out in call order, or None to draw for real
        self.calls = []

    def __call__(self, *shape, generator=None, device=None, dtype=None, **kw):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list, torch.Size)):
            shape = tuple(shape[0])
        if self.inject is not None:
            value = torch.from_numpy(self.inject[len(self.calls)].copy())
            assert tuple(value.shape) == tuple(shape), (value.shape, shape)
            value = value.to(dtype or torch.float32)
        else:
            value = original_randn(shape, generator=generator, device=device, dtype=dtype, **kw)
        self.calls.append((tuple(shape), generator.initial_seed() if generator is not None else None, value.clone()))
        return value


import riffusion.external.prompt_weighting as prompt_weighting  # noqa: E402

import riffusion.riffusion_pipeline as riffusion_pipeline  # noqa: E402

original_pad = prompt_weighting.pad_tokens_and_weights
original_slerp = riffusion_pipeline.torch_util.slerp
original_add_noise = scheduler.add_noise
original_step = scheduler.step


def run_riffuse(recorder):
    pipe.embed_text_weighted.cache_clear()
    torch.randn = recorder
    padded = []

    def pad_spy(*a, **kw):  # records the weighted tokens Riffusion's prompt weighting feeds the text encoder
        tokens, weights = original_pad(*a, **kw)
        padded.append((list(tokens[0]), list(weights[0])))
        return tokens, weights

    prompt_weighting.pad_tokens_and_weights = pad_spy
    slerped = []

    def slerp_spy(*a, **kw):  # the interpolated noise
        value = original_slerp(*a, **kw)
        slerped.append(value.clone())
        return value

    noised = []

    def add_noise_spy(*a, **kw):  # the seed latent with noise added at the start timestep (the first call)
        value = original_add_noise(*a, **kw)
        noised.append(value.clone())
        return value

    steps = []

    def step_spy(model_output, timestep, sample, *a, **kw):  # each step: guided ε, t, latents before and after
        result = original_step(model_output, timestep, sample, *a, **kw)
        steps.append((int(timestep), model_output.clone(), sample.clone(), result.prev_sample.clone()))
        return result

    riffusion_pipeline.torch_util.slerp = slerp_spy
    scheduler.add_noise = add_noise_spy
    scheduler.step = step_spy
    try:
        with torch.no_grad():
            # Riffusion's riffuse decodes inside interpolate_img2img; keep its latents too.
            captured = {}
            original = pipe.interpolate_img2img

            def spy(**kw):
                captured["init_latents"] = kw["init_latents"].clone()
                captured["text_embeddings"] = kw["text_embeddings"].clone()
                result = original(**kw)
                captured["latents"] = result["latents"].clone()
                return result

            pipe.interpolate_img2img = spy
            try:
                image = pipe.riffuse(riffuse_input(), init_image=seed_image, use_reweighting=True)
            finally:
                del pipe.interpolate_img2img
    finally:
        torch.randn = original_randn
        prompt_weighting.pad_tokens_and_weights = original_pad
        riffusion_pipeline.torch_util.slerp = original_slerp
        del scheduler.add_noise
        del scheduler.step
    assert len(slerped) == 1 and len(noised) == 1, (len(slerped), len(noised))
    captured["noise"] = slerped[0]
    captured["noised_latents"] = noised[0]
    captured["steps"] = steps
    assert len(padded) == 2, len(padded)  # the start prompt, then the end prompt
    captured["padded"] = padded
    return image, captured


def riffuse_tensors(image, captured, recorder, prefix):
    assert len(recorder.calls) == 3, [c[:2] for c in recorder.calls]
    steps = captured["steps"]
    timesteps = [t for t, _, _, _ in steps]
    assert timesteps == [601, 501, 401, 301, 201, 101, 1], timesteps
    stepped = {
        prefix + "step_timesteps": np.array(timesteps, dtype=np.int64),
        prefix + "step_guided_noise": np.stack([f32(e)[0] for _, e, _, _ in steps]),  # ε_u + g(ε_c − ε_u), [7, 4, 8, 8]
        prefix + "step_latents": np.stack([f32(x)[0] for _, _, _, x in steps]),  # after each step, [7, 4, 8, 8]
    }
    assert np.array_equal(f32(steps[0][2]), f32(captured["noised_latents"]))
    (vae_shape, vae_seed, vae_noise), (a_shape, a_seed, noise_a), (b_shape, b_seed, noise_b) = recorder.calls
    assert vae_seed == RIFFUSE["start"]["seed"] and a_seed == RIFFUSE["start"]["seed"] and b_seed == RIFFUSE["end"]["seed"]
    return {
        **stepped,
        prefix + "vae_noise": f32(vae_noise), prefix + "noise_a": f32(noise_a), prefix + "noise_b": f32(noise_b),
        prefix + "init_latents": f32(captured["init_latents"]),
        prefix + "noise": f32(captured["noise"]),  # slerp(alpha, noise_a, noise_b)
        prefix + "noised_latents": f32(captured["noised_latents"]),  # add_noise(init_latents, noise, 601)
        prefix + "text_embeddings": f32(captured["text_embeddings"]),
        prefix + "latents": f32(captured["latents"]),  # already divided by 0.18215 (what the VAE decodes)
        prefix + "image": np.asarray(image.convert("RGB"), dtype=np.uint8),
    }


riffuse = {}
# 1. Noise injected from a file: numpy's PCG64 (seed 2024), float32 standard normals, 1x4x8x8 each.
#    Riffusion's structure: the VAE's sample noise and noise A come from two generators seeded alike,
#    so they are the same tensor; noise B comes from the end seed.
rng = np.random.Generator(np.random.PCG64(2024))
inj_a = rng.standard_normal((1, 4, 8, 8), dtype=np.float32)
inj_b = rng.standard_normal((1, 4, 8, 8), dtype=np.float32)
rec = Recorder(inject=[inj_a, inj_a, inj_b])
img, cap = run_riffuse(rec)
riffuse.update(riffuse_tensors(img, cap, rec, "injected."))
img.save(os.path.join(GOLDEN, "riffuse_injected.png"))

# 2. torch's own CPU generators, as Riffusion draws them (torch.Generator("cpu").manual_seed(seed)).
rec = Recorder(inject=None)
img, cap = run_riffuse(rec)
riffuse.update(riffuse_tensors(img, cap, rec, "torch."))
for end, (tokens, weights) in zip(("start", "end"), cap["padded"]):
    riffuse["prompt.%s.input_ids" % end] = np.array(tokens, dtype=np.int64)
    riffuse["prompt.%s.weights" % end] = np.array(weights, dtype=np.float32)
img.save(os.path.join(GOLDEN, "riffuse_torch.png"))
assert np.array_equal(riffuse["torch.vae_noise"], riffuse["torch.noise_a"])  # Riffusion's structure
check = torch.Generator("cpu").manual_seed(RIFFUSE["start"]["seed"])
assert np.array_equal(riffuse["torch.noise_a"], f32(original_randn((1, 4, 8, 8), generator=check)))

write_safetensors(os.path.join(GOLDEN, "riffuse.safetensors"), riffuse)

# --------------------------------------------------------------------------------------------
# What was run, for the C# side
# --------------------------------------------------------------------------------------------
report["model"] = {"unet": UNET_CONFIG, "vae": VAE_CONFIG, "text_encoder": TEXT_CONFIG}
report["prompts"] = PROMPTS
report["riffuse"] = RIFFUSE
report["riffuse_scheduler_timesteps"] = [int(t) for t in scheduler.timesteps]
report["riffuse_injected_noise"] = "numpy Generator(PCG64(2024)).standard_normal((1,4,8,8), float32): A then B; VAE sample noise = A"
report["saturated_pixels"] = {k: float(np.mean((v == 0) | (v == 255))) for k, v in riffuse.items() if k.endswith("image")}
report["stats"] = {k: {"min": float(v.min()), "max": float(v.max()), "mean": float(v.astype(np.float64).mean())}
                   for k, v in list(golden.items()) + list(riffuse.items()) if v.dtype != np.int64}
with open(os.path.join(GOLDEN, "golden.json"), "w") as f:
    json.dump(report, f, indent=2, sort_keys=True, default=list)
    f.write("\n")
print(json.dumps(report["fp16"], indent=2))
print("wrote", OUT)
