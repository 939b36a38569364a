#!/usr/bin/python3
"""Riffusion's image <-> audio path rebuilt on Debian's torchaudio 0.13, as a yardstick.

Written for RiffusionVst from the facts in shared/RIFFUSION.md. It produces the committed
fixtures under tests/RiffusionVst.Engine.Tests/Fixtures/reference/ and measures the quality
(spectral convergence, SC) and speed of the reference path so the C# engine has numbers to beat.

Sub-commands (run with /usr/bin/python3, see tests/reference/README.md):
  synth    synthesise drums/chords/sweep audio and write their spectrogram PNGs
  golden   write golden_dsp.json (mel filter bank and STFT values for unit tests)
  measure  run the image -> audio path on one PNG and write a per-run JSON file
  collect  merge per-run JSON files into riffusion_reference.json
"""

import argparse
import datetime
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch
import torchaudio
from PIL import Image

# ---------------------------------------------------------------------------------------------
# Parameters (Riffusion's defaults)
# ---------------------------------------------------------------------------------------------
SAMPLE_RATE = 44_100
HOP = 441            # 10 ms
WIN = 4_410          # 100 ms Hann window, centred in the FFT frame
N_FFT = 17_640       # 400 ms padded frame -> 8 821 bins
N_BINS = N_FFT // 2 + 1
N_MELS = 512
F_MIN = 0.0
F_MAX = 10_000.0
IMAGE_POWER = 0.25
MAX_VALUE = 30e6     # amplitude of a black pixel when reading an image (level does not matter)

INVERSE_MEL = dict(max_iter=200, tolerance_loss=1e-5, tolerance_change=1e-8,
                   sgdargs=dict(lr=0.1, momentum=0.9))
GRIFFIN_LIM = dict(n_iter=32, momentum=0.99, power=1.0, rand_init=True)

# Riffusion's EXIF tag numbers.
EXIF_SAMPLE_RATE, EXIF_STEREO, EXIF_STEP_MS, EXIF_WINDOW_MS, EXIF_PADDED_MS = 11000, 11005, 11010, 11020, 11030
EXIF_MELS, EXIF_MIN_HZ, EXIF_MAX_HZ, EXIF_POWER, EXIF_MAX_VALUE = 11040, 11050, 11060, 11070, 11080

# Test clips: 225 351 samples give 1 + floor(N / 441) = 512 columns.
CLIP_SAMPLES = 225_351
BPM = 93.75
BEAT_SAMPLES = int(round(60.0 / BPM * SAMPLE_RATE))  # 28 224 samples = 64 columns

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(REPO, "tests", "RiffusionVst.Engine.Tests", "Fixtures", "reference")


def settings_dict():
    """The settings of the reference path, as written into the JSON fixtures."""
    return {
        "sample_rate": SAMPLE_RATE, "hop_length": HOP, "win_length": WIN, "n_fft": N_FFT,
        "window": "torch.hann_window (periodic), zero-padded to n_fft, centred",
        "stft": "center=True, pad_mode=reflect, normalized=False, onesided, magnitude=abs",
        "mel": {"n_mels": N_MELS, "f_min": F_MIN, "f_max": F_MAX, "mel_scale": "htk", "norm": None},
        "image": {"power": IMAGE_POWER, "max_value_on_read": MAX_VALUE,
                  "mapping": "p = uint8(255 - 255*(S/max S)^0.25) (truncation), flipped vertically, RGB"},
        "inverse_mel": INVERSE_MEL,
        "griffin_lim": dict(GRIFFIN_LIM, n_fft=N_FFT, win_length=WIN, hop_length=HOP, length=None),
    }


def _blas_label():
    """Which libblas.so.3 torch resolved: Debian's default (netlib reference) or OpenBLAS."""
    with open("/proc/self/maps") as f:
        maps = f.read()
    return "openblas" if "openblas" in maps else "netlib"


def versions_dict():
    return {"torch": torch.__version__, "torchaudio": torchaudio.__version__,
            "numpy": np.__version__, "python": platform.python_version(),
            "blas_loaded": _blas_label()}


# ---------------------------------------------------------------------------------------------
# The reference transforms (configured exactly like riffusion's SpectrogramConverter)
# ---------------------------------------------------------------------------------------------
def make_spectrogram():
    return torchaudio.transforms.Spectrogram(
        n_fft=N_FFT, win_length=WIN, hop_length=HOP, pad=0, window_fn=torch.hann_window,
        power=None, normalized=False, center=True, pad_mode="reflect", onesided=True)


def make_mel_scale():
    return torchaudio.transforms.MelScale(
        n_mels=N_MELS, sample_rate=SAMPLE_RATE, f_min=F_MIN, f_max=F_MAX, n_stft=N_BINS,
        norm=None, mel_scale="htk")


def make_inverse_mel():
    return torchaudio.transforms.InverseMelScale(
        n_stft=N_BINS, n_mels=N_MELS, sample_rate=SAMPLE_RATE, f_min=F_MIN, f_max=F_MAX,
        max_iter=INVERSE_MEL["max_iter"], tolerance_loss=INVERSE_MEL["tolerance_loss"],
        tolerance_change=INVERSE_MEL["tolerance_change"], sgdargs=dict(INVERSE_MEL["sgdargs"]),
        norm=None, mel_scale="htk")


def make_griffin_lim():
    return torchaudio.transforms.GriffinLim(
        n_fft=N_FFT, n_iter=GRIFFIN_LIM["n_iter"], win_length=WIN, hop_length=HOP,
        window_fn=torch.hann_window, power=GRIFFIN_LIM["power"], momentum=GRIFFIN_LIM["momentum"],
        length=None, rand_init=GRIFFIN_LIM["rand_init"])


def linear_magnitude(waveform):
    """|STFT| of a (channels, samples) float32 tensor -> (channels, 8821, frames)."""
    with torch.no_grad():
        return torch.abs(make_spectrogram()(waveform))


def mel_amplitudes(waveform):
    """Mel amplitudes (channels, 512, frames) of a waveform, as riffusion computes them."""
    with torch.no_grad():
        return make_mel_scale()(linear_magnitude(waveform))


def image_from_mel(mel):
    """Riffusion's amplitude -> image mapping, in float32 like numpy does it there."""
    data = mel.numpy().astype(np.float32)
    max_value = float(np.max(data))
    data = np.power(data / max_value, IMAGE_POWER)
    data = (255 - data * 255).astype(np.uint8)  # truncation, as in riffusion
    image = Image.fromarray(data[0], mode="L").convert("RGB")
    return image.transpose(Image.Transpose.FLIP_TOP_BOTTOM), max_value


def mel_from_image(image):
    """Riffusion's image -> amplitude mapping (mono: the R channel), shape (1, 512, width)."""
    if image.mode in ("P", "L"):
        image = image.convert("RGB")
    image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    data = np.array(image).transpose(2, 0, 1)[0:1].astype(np.float32)
    data = np.power((255 - data) / 255, 1 / IMAGE_POWER) * MAX_VALUE
    return torch.from_numpy(data.astype(np.float32))


def spectral_convergence_db(target, got):
    """SC in dB: both mapped to amplitude^0.25, divided by their own max, overlapping columns."""
    t = np.power(np.asarray(target, dtype=np.float64)[..., :], IMAGE_POWER)
    g = np.power(np.maximum(np.asarray(got, dtype=np.float64), 0), IMAGE_POWER)
    cols = min(t.shape[-1], g.shape[-1])
    t, g = t[..., :cols], g[..., :cols]
    t, g = t / t.max(), g / g.max()
    return 20 * math.log10(np.linalg.norm(t - g) / np.linalg.norm(t))


# ---------------------------------------------------------------------------------------------
# Test audio
# ---------------------------------------------------------------------------------------------
def _decay(n, seconds):
    return np.exp(-np.arange(n) / (seconds * SAMPLE_RATE))


def _place(out, start, sound):
    end = min(len(out), start + len(sound))
    if start < end:
        out[start:end] += sound[: end - start]


def synth_drums(rng):
    """2 bars of 4/4 at 93.75 BPM: kick on 1 and 3, snare on 2 and 4, closed hats on eighths."""
    out = np.zeros(CLIP_SAMPLES)
    n = int(0.5 * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    # Kick: a sine gliding from 110 Hz down to 45 Hz; the phase is the integral of the glide.
    freq = 45 + 65 * np.exp(-t / 0.04)
    kick = np.sin(2 * np.pi * np.cumsum(freq) / SAMPLE_RATE) * _decay(n, 0.18)
    snare_tone = 0.5 * np.sin(2 * np.pi * 185 * t) * _decay(n, 0.06)
    hat_n = int(0.08 * SAMPLE_RATE)
    for beat in range(8):
        start = beat * BEAT_SAMPLES
        if beat % 2 == 0:
            _place(out, start, 0.9 * kick)
        else:
            noise = rng.standard_normal(n) * _decay(n, 0.09)
            _place(out, start, 0.6 * (snare_tone + 0.5 * noise))
        for half in range(2):
            noise = rng.standard_normal(hat_n + 1)
            hat = np.diff(noise) * _decay(hat_n, 0.015)  # first difference: a crude high-pass
            _place(out, start + half * BEAT_SAMPLES // 2, 0.15 * hat)
    return out


def _tone(freq, n, harmonics=8):
    t = np.arange(n) / SAMPLE_RATE
    return sum(np.sin(2 * np.pi * freq * k * t) / k for k in range(1, harmonics + 1)
               if freq * k < 18_000)


def _midi(note):
    return 440.0 * 2 ** ((note - 69) / 12)


def synth_chords():
    """C - Am - F - G, two beats each, additive synthesis with 1/k harmonics and soft envelopes."""
    out = np.zeros(CLIP_SAMPLES)
    chords = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]]
    n = 2 * BEAT_SAMPLES
    attack = int(0.01 * SAMPLE_RATE)
    env = np.minimum(1, np.arange(n) / attack) * _decay(n, 0.8)
    env[-attack:] *= np.linspace(1, 0, attack)  # release, so no click at the chord change
    for i, chord in enumerate(chords):
        sound = sum(_tone(_midi(note), n) for note in chord) * env
        _place(out, i * n, sound)
    return out


def synth_sweep_bass():
    """A log sine sweep 100 Hz -> 8 kHz over the clip plus an eighth-note bass line."""
    n = CLIP_SAMPLES
    t = np.arange(n) / SAMPLE_RATE
    duration = n / SAMPLE_RATE
    f0, f1 = 100.0, 8_000.0
    k = math.log(f1 / f0) / duration
    sweep = 0.4 * np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    out = sweep.copy()
    roots = [36, 36, 43, 41, 33, 33, 40, 43]  # one root per beat, played as two eighths
    eighth = BEAT_SAMPLES // 2
    attack = int(0.005 * SAMPLE_RATE)
    env = np.minimum(1, np.arange(eighth) / attack) * _decay(eighth, 0.12)
    env[-attack:] *= np.linspace(1, 0, attack)
    for beat, note in enumerate(roots):
        for half in range(2):
            _place(out, beat * BEAT_SAMPLES + half * eighth, 0.5 * _tone(_midi(note), eighth, 6) * env)
    return out


def synth_all():
    rng = np.random.default_rng(20240807)
    clips = {"drums": synth_drums(rng), "chords": synth_chords(), "sweep": synth_sweep_bass()}
    # Peak at 0.9 of full scale, float32 like riffusion's waveform tensor.
    return {name: (0.9 * x / np.max(np.abs(x))).astype(np.float32) for name, x in clips.items()}


def save_png_with_exif(image, path, max_value):
    exif = image.getexif()
    exif[EXIF_SAMPLE_RATE] = SAMPLE_RATE
    exif[EXIF_STEREO] = 0
    exif[EXIF_STEP_MS] = 10
    exif[EXIF_WINDOW_MS] = 100
    exif[EXIF_PADDED_MS] = 400
    exif[EXIF_MELS] = N_MELS
    exif[EXIF_MIN_HZ] = 0
    exif[EXIF_MAX_HZ] = 10_000
    exif[EXIF_POWER] = float(IMAGE_POWER)
    exif[EXIF_MAX_VALUE] = float(max_value)
    image.save(path, format="PNG", exif=exif, optimize=True)


def cmd_synth(args):
    os.makedirs(FIXTURES, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    torch.set_num_threads(args.threads)
    for name, audio in synth_all().items():
        assert len(audio) == CLIP_SAMPLES
        np.save(os.path.join(args.work, f"{name}.npy"), audio)
        _write_wav(os.path.join(args.work, f"{name}.wav"), audio)
        mel = mel_amplitudes(torch.from_numpy(audio)[None])
        image, max_value = image_from_mel(mel)
        path = os.path.join(FIXTURES, f"{name}.png")
        save_png_with_exif(image, path, max_value)
        back = Image.open(path)
        tags = dict(back.getexif())
        print(f"{name}: {image.size[0]}x{image.size[1]} max_value={max_value:.6g} exif={tags}")


def _write_wav(path, audio):
    import wave
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())


# ---------------------------------------------------------------------------------------------
# Golden DSP values
# ---------------------------------------------------------------------------------------------
def cmd_golden(args):
    out = {"about": "Golden values from torchaudio for RiffusionVst unit tests; "
                    "written by tests/reference/riffusion_reference.py golden.",
           "versions": versions_dict(),
           "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}

    # Mel filter bank, computed once in float64 and once in torch's default float32.
    banks = {}
    for label, dtype in (("float64", torch.float64), ("float32", torch.float32)):
        old = torch.get_default_dtype()
        torch.set_default_dtype(dtype)
        try:
            banks[label] = torchaudio.functional.melscale_fbanks(
                n_freqs=N_BINS, f_min=F_MIN, f_max=F_MAX, n_mels=N_MELS,
                sample_rate=SAMPLE_RATE, norm=None, mel_scale="htk").double().numpy()
        finally:
            torch.set_default_dtype(old)
    fb64, fb32 = banks["float64"], banks["float32"]
    bands = []
    for band in (0, 1, 100, 511):
        nz = np.nonzero(fb64[:, band])[0]
        first, last = int(nz[0]), int(nz[-1])
        peak = int(np.argmax(fb64[:, band]))
        picks = sorted({first, (first + peak) // 2, peak, (peak + last) // 2, last})
        bands.append({
            "band": band, "first_nonzero_bin": first, "last_nonzero_bin": last,
            "peak_bin": peak, "nonzero_count": int(len(nz)),
            "float32_first_nonzero_bin": int(np.nonzero(fb32[:, band])[0][0]),
            "float32_last_nonzero_bin": int(np.nonzero(fb32[:, band])[0][-1]),
            "float32_value_at_last_nonzero_bin": float(fb32[np.nonzero(fb32[:, band])[0][-1], band]),
            "bins": picks,
            "values_float64": [float(fb64[b, band]) for b in picks],
            "values_float32": [float(fb32[b, band]) for b in picks]})
    out["mel_filter_bank"] = {
        "call": "torchaudio.functional.melscale_fbanks(n_freqs=8821, f_min=0, f_max=10000, "
                "n_mels=512, sample_rate=44100, norm=None, mel_scale='htk')",
        "shape": [N_BINS, N_MELS], "layout": "fb[bin, band]",
        "column_sums_float64": {str(b): float(fb64[:, b].sum()) for b in (0, 1, 100, 511)},
        "bands": bands}

    # STFT magnitude of a fixed short signal. Reflect padding needs more than n_fft/2 = 8820
    # samples, so the signal is 22 050 samples (0.5 s), not 4 410.
    n = 22_050
    idx = np.arange(n, dtype=np.float64)
    x = np.sin(2 * np.pi * 1000 * idx / SAMPLE_RATE) + 0.3 * np.sin(2 * np.pi * 300 * idx / SAMPLE_RATE)
    window = torch.hann_window(WIN, dtype=torch.float64)
    spec = torch.stft(torch.from_numpy(x), n_fft=N_FFT, hop_length=HOP, win_length=WIN, window=window,
                      center=True, pad_mode="reflect", normalized=False, onesided=True,
                      return_complex=True).abs().numpy()
    x32 = torch.from_numpy(x.astype(np.float32))[None]
    spec32 = linear_magnitude(x32)[0].double().numpy()  # the torchaudio transform, float32
    mel32 = make_mel_scale()(torch.from_numpy(spec32.astype(np.float32))[None])[0].double().numpy()
    frames = {}
    for frame in (0, 3, 10):
        ranges = {"0-10": list(range(0, 11)), "115-125 (300 Hz = bin 120)": list(range(115, 126)),
                  "395-405 (1000 Hz = bin 400)": list(range(395, 406))}
        frames[str(frame)] = {
            name: {"bins": b, "magnitude_float64": [float(spec[k, frame]) for k in b],
                   "magnitude_float32_transform": [float(spec32[k, frame]) for k in b]}
            for name, b in ranges.items()}
    mel_bands = [0, 10, 30, 60, 100, 200, 511]
    out["stft"] = {
        "signal": "x[n] = sin(2*pi*1000*n/44100) + 0.3*sin(2*pi*300*n/44100), n = 0..22049 (float64)",
        "call": "torch.stft(x, n_fft=17640, hop_length=441, win_length=4410, "
                "window=torch.hann_window(4410) (periodic), center=True, pad_mode='reflect', "
                "normalized=False, onesided=True).abs()",
        "window_offset_in_frame": (N_FFT - WIN) // 2,
        "samples": n, "frame_count": int(spec.shape[1]), "bin_count": int(spec.shape[0]),
        "frames": frames,
        "mel_of_float32_transform": {
            "frame": 3, "bands": mel_bands, "values": [float(mel32[b, 3]) for b in mel_bands]},
    }
    counts = {}
    for samples in (22_050, 225_351, 225_791, 225_792):
        counts[str(samples)] = int(linear_magnitude(torch.zeros(1, samples)).shape[-1])
    out["frame_counts"] = {"rule": "1 + floor(N / 441)", "by_samples": counts}
    path = os.path.join(FIXTURES, "golden_dsp.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------------------------------------
# Measuring the image -> audio path
# ---------------------------------------------------------------------------------------------
_CPU_SECONDS = {}


def _timed(fn, label=None):
    """Wall seconds of fn(); the process CPU seconds go to _CPU_SECONDS[label] (less disturbed by load)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if label:
        _CPU_SECONDS[label] = time.process_time() - cpu
    return result, time.perf_counter() - start


def cmd_measure(args):
    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(True)
    name = os.path.splitext(os.path.basename(args.image))[0]
    result = {"image": name, "threads": args.threads, "blas": _blas_label(), "full_path": not args.cheap_only,
              "seed": args.seed, "host": platform.node(), "cpu_count": os.cpu_count(),
              "loadavg_start": list(os.getloadavg()), "versions": versions_dict(),
              "started_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
              "seconds": {}, "sc_db": {}}
    sec, sc = result["seconds"], result["sc_db"]
    image = Image.open(args.image)
    result["image_mode"] = image.mode
    result["image_size"] = list(image.size)
    target, sec["image_to_mel"] = _timed(label="image_to_mel", fn=lambda: mel_from_image(image))

    if args.audio:
        truth = torch.from_numpy(np.load(args.audio).astype(np.float32))[None]
        lin_true, sec["audio_to_linear_stft"] = _timed(label="audio_to_linear_stft", fn=lambda: linear_magnitude(truth))
        mel_true, sec["linear_to_mel"] = _timed(label="linear_to_mel", fn=lambda: make_mel_scale()(lin_true))
        # Floor set by the 8-bit image: the true mel against the image it was quantised into.
        sc["true_mel_vs_image"] = spectral_convergence_db(target, mel_true)
        torch.manual_seed(args.seed)
        gl = make_griffin_lim()
        with torch.no_grad():
            wav_gl, sec["griffin_lim_true_linear"] = _timed(label="griffin_lim_true_linear", fn=lambda: gl(lin_true))
        sc["griffin_lim_true_linear"] = spectral_convergence_db(target, mel_amplitudes(wav_gl))
        sc["griffin_lim_true_linear_vs_true_mel"] = spectral_convergence_db(mel_true, mel_amplitudes(wav_gl))
        _flush(args, result)

    if not args.cheap_only:
        torch.manual_seed(args.seed)
        inv = make_inverse_mel()
        if args.probe_iters:
            inv.max_iter = args.probe_iters
        linear, sec["inverse_mel"] = _timed(label="inverse_mel", fn=lambda: inv(target))
        linear = linear.detach()
        with torch.no_grad():
            remel = make_mel_scale()(linear)
        sc["inverse_mel_residual"] = spectral_convergence_db(target, remel)
        _flush(args, result)
        if args.probe_iters:
            result["probe_iters"] = args.probe_iters
            sec["inverse_mel_per_iteration"] = sec["inverse_mel"] / args.probe_iters
            result["cpu_seconds"] = dict(_CPU_SECONDS)
            _flush(args, result)
            print(json.dumps(result, indent=1))
            return
        torch.manual_seed(args.seed)
        gl = make_griffin_lim()
        with torch.no_grad():
            wav, sec["griffin_lim"] = _timed(label="griffin_lim", fn=lambda: gl(linear))
            got, sec["audio_to_mel"] = _timed(label="audio_to_mel", fn=lambda: mel_amplitudes(wav))
        sc["full_path"] = spectral_convergence_db(target, got)
        sec["image_to_audio_total"] = sec["image_to_mel"] + sec["inverse_mel"] + sec["griffin_lim"]
        result["output_samples"] = int(wav.shape[-1])
        out_wav = wav[0].numpy()
        _write_wav(os.path.join(args.work, f"{name}_t{args.threads}_reference.wav"),
                   out_wav / max(1e-12, float(np.max(np.abs(out_wav)))))
    result["cpu_seconds"] = dict(_CPU_SECONDS)
    result["finished_utc"] = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    result["loadavg_end"] = list(os.getloadavg())
    _flush(args, result)
    print(json.dumps(result, indent=1))


def _flush(args, result):
    os.makedirs(args.work, exist_ok=True)
    suffix = "probe%d" % args.probe_iters if args.probe_iters else ("full" if not args.cheap_only else "cheap")
    suffix += "_" + _blas_label()
    path = os.path.join(args.work, f"run_{result['image']}_t{result['threads']}_{suffix}.json")
    with open(path + ".tmp", "w") as f:
        json.dump(result, f, indent=1)
    os.replace(path + ".tmp", path)


def cmd_collect(args):
    runs = []
    for fname in sorted(os.listdir(args.work)):
        if fname.startswith("run_") and fname.endswith(".json"):
            with open(os.path.join(args.work, fname)) as f:
                runs.append(json.load(f))
    images = {}
    for run in runs:
        entry = images.setdefault(run["image"], {"source": _source_of(run["image"]), "runs": []})
        entry["runs"].append({k: run.get(k) for k in (
            "threads", "blas", "full_path", "probe_iters", "seed", "seconds", "cpu_seconds", "sc_db", "output_samples", "image_mode",
            "image_size", "started_utc", "finished_utc", "loadavg_start", "loadavg_end")})
        entry["runs"][-1]["complete"] = "finished_utc" in run
    out = {"about": "Riffusion's image -> audio path (torchaudio InverseMelScale + GriffinLim) "
                    "measured on the RiffusionVst build machine; written by "
                    "tests/reference/riffusion_reference.py collect.",
           "metric": "SC dB = 20*log10(||T - G||_F / ||T||_F), T = image amplitudes^0.25 / max, "
                     "G = mel(output audio)^0.25 / max, same Spectrogram+MelScale, overlapping "
                     "columns. full_path: image -> inverse mel -> Griffin-Lim -> mel. "
                     "inverse_mel_residual: mel(inverse mel output) vs image. "
                     "griffin_lim_true_linear: Griffin-Lim given |STFT| of the true audio vs image. "
                     "true_mel_vs_image: 8-bit quantisation floor.",
           "machine": {"cpu_count": os.cpu_count(), "note": args.note},
           "settings": settings_dict(),
           "versions": {k: v for k, v in versions_dict().items() if k != "blas_loaded"},
           "blas_note": "Each run records the libblas it loaded: 'netlib' is Debian's default "
                        "reference BLAS (torch BLAS_INFO=generic), 'openblas' is Debian's "
                        "libopenblas0-pthread via LD_LIBRARY_PATH with OPENBLAS_NUM_THREADS = threads.",
           "timing_note": "seconds = wall clock, cpu_seconds = process CPU time (all threads). The "
                          "machine has 2 cores shared with other builds (load average 14-34 during "
                          "these runs, see loadavg_*), so wall seconds are inflated many times; CPU "
                          "seconds at 1 thread approximate an idle-machine wall time. Probe runs do "
                          "only probe_iters inverse-mel iterations (multiply by 200/probe_iters).",
           "date_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
           "images": images}
    path = os.path.join(FIXTURES, "riffusion_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(runs)} runs)")
    print_table(runs)


def print_table(runs):
    """A markdown table of every run: SC in dB, wall seconds and CPU seconds per stage."""
    def f(value, digits=2):
        return "-" if value is None else f"{value:.{digits}f}"
    print("| image | threads | BLAS | kind | SC full | SC inv-mel resid | SC GL true lin | SC 8-bit floor "
          "| img->mel s | inverse mel s wall (cpu) | GL s wall (cpu) | GL true lin s wall (cpu) | mel of output s |")
    print("|" + "---|" * 13)
    for r in sorted(runs, key=lambda r: (r["image"], r["threads"], r["blas"])):
        sec, cpu, sc = r["seconds"], r.get("cpu_seconds", {}), r["sc_db"]
        kind = f"probe {r['probe_iters']} it" if r.get("probe_iters") else ("full" if r["full_path"] else "GL only")
        def wc(key):
            return "-" if key not in sec else f"{sec[key]:.1f} ({f(cpu.get(key), 1)})"
        print(f"| {r['image']} | {r['threads']} | {r['blas']} | {kind} | {f(sc.get('full_path'))} "
              f"| {f(sc.get('inverse_mel_residual'))} | {f(sc.get('griffin_lim_true_linear'))} "
              f"| {f(sc.get('true_mel_vs_image'))} | {f(sec.get('image_to_mel'), 3)} | {wc('inverse_mel')} "
              f"| {wc('griffin_lim')} | {wc('griffin_lim_true_linear')} | {f(sec.get('audio_to_mel'), 2)} |")


def _source_of(name):
    if name in ("drums", "chords", "sweep"):
        return f"synthesised by riffusion_reference.py synth (Fixtures/reference/{name}.png)"
    return "riffusion/riffusion seed_images/%s.png (not committed; see /work/riffusion-seeds)" % name


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default=os.environ.get("REFERENCE_WORK", "/work/reference-runs"),
                        help="folder for audio, per-run JSON and WAV outputs (outside git)")
    parser.add_argument("--threads", type=int, default=2)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("synth")
    sub.add_parser("golden")
    m = sub.add_parser("measure")
    m.add_argument("image")
    m.add_argument("--audio", help="the .npy audio the image was made from (enables GL-alone SC)")
    m.add_argument("--seed", type=int, default=0, help="torch seed for both random inits")
    m.add_argument("--cheap-only", action="store_true", help="skip the inverse mel (timing only)")
    m.add_argument("--probe-iters", type=int, default=0,
                   help="run only K inverse-mel iterations and report seconds per iteration")
    c = sub.add_parser("collect")
    c.add_argument("--note", default="")
    args = parser.parse_args(argv)
    {"synth": cmd_synth, "golden": cmd_golden, "measure": cmd_measure, "collect": cmd_collect}[args.cmd](args)


if __name__ == "__main__":
    main(sys.argv[1:])
