#!/bin/sh
# Makes the MP3 fixtures of AudioFileReaderTests (no MP3 encoder is on NuGet): two tones written by Python's
# wave module, encoded by Debian's lame 3.100 (apt-get install lame). Run from this folder; the outputs are committed.
set -eu
python3 - <<'PY'
import math, struct, wave
def tone(path, rate, channels, parts):
    with wave.open(path, "wb") as w:
        w.setnchannels(channels); w.setsampwidth(2); w.setframerate(rate)
        frames = bytearray()
        for n in range(rate):  # one second
            for amp, hz in parts:
                frames += struct.pack("<h", round(32767 * amp * math.sin(2 * math.pi * hz * n / rate)))
        w.writeframes(bytes(frames))
tone("stereo.wav", 44100, 2, [(0.5, 440), (0.25, 1000)])
tone("mono.wav", 22050, 1, [(0.5, 440)])
PY
lame --quiet -b 128 -m s stereo.wav tone-44100-stereo.mp3   # MPEG-1 Layer III, CBR, with a LAME/Info header
lame --quiet -b 64 -m m mono.wav tone-22050-mono.mp3         # MPEG-2 Layer III (64 kbps: a frame must hold the Info tag)
rm stereo.wav mono.wav
