using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Service.Generation;

namespace RiffusionVst.Engine.Service.Cache;

/// <summary>The cache key of a generation: a hash of the model id and every field of an <see cref="ImageRequest"/>.</summary>
/// <remarks>Texts are written with their lengths and floats by their bit patterns, so no two different requests can
/// spell the same canonical text. The key is 32 hex digits (128 bits of SHA-256): safe as a file name everywhere.</remarks>
public static class GenerationKey
{
    /// <summary>The key of <paramref name="request"/> on the model <paramref name="modelId"/>.</summary>
    public static string For(ImageRequest request, string modelId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(modelId);
        var text = new StringBuilder(256);
        text.Append("generation/1");
        Field(text, "model", modelId);
        Prompt(text, "a", request.PromptA);
        Prompt(text, "b", request.PromptB);
        Field(text, "negative", request.NegativePrompt);
        Field(text, "alpha", Bits(request.Alpha));
        Field(text, "steps", request.Steps.ToString(CultureInfo.InvariantCulture));
        Field(text, "scheduler", request.Scheduler.ToLowerInvariant());
        Field(text, "noise", request.Noise.ToLowerInvariant());
        Field(text, "pattern", request.SeedPattern?.Trim().ToLowerInvariant() ?? "-");
        Field(text, "audio", request.SeedAudio is null ? "-" : request.SeedAudioHash ?? HashAudio(request.SeedAudio));
        Field(text, "mask", request.MaskName?.Trim().ToLowerInvariant() ?? "-");
        Field(text, "maskpng", request.MaskPng is null ? "-" : Hex(SHA256.HashData(request.MaskPng)));
        Field(text, "bars", request.Bars.ToString(CultureInfo.InvariantCulture));
        Field(text, "beats", request.BeatsPerBar.ToString(CultureInfo.InvariantCulture));
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Hex(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// The key of a stored image a client sent back (<see cref="RiffusionVst.Protocol.Messages.RenderFromImages"/>): a hash
    /// of its loop shape and pixels, in a namespace of its own, so it can never stand for a generation of the model.
    /// </summary>
    public static string ForStoredImage(RiffusionVst.Dsp.Spectrogram.RgbImage image, int bars, int beatsPerBar)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"stored-image/1\n{bars}\n{beatsPerBar}\n{image.Width}x{image.Height}\n")));
        hash.AppendData(image.Pixels);
        return Hex(hash.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary>A content hash of audio (rate, channel count and samples), for seed audio in keys.</summary>
    public static string HashAudio(AudioClip audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        BitConverter.TryWriteBytes(header, audio.SampleRate);
        BitConverter.TryWriteBytes(header[4..], audio.ChannelCount);
        hash.AppendData(header);
        foreach (float[] channel in audio.Channels)
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(channel.AsSpan()));
        return Hex(hash.GetHashAndReset());
    }

    /// <summary>True when <paramref name="key"/> has the shape of a key (so it can name a file safely).</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: 32 } && key.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static void Prompt(StringBuilder text, string name, PromptEnd prompt)
    {
        Field(text, name + ".text", prompt.Text);
        Field(text, name + ".seed", prompt.Seed.ToString(CultureInfo.InvariantCulture));
        Field(text, name + ".denoising", Bits(prompt.Denoising));
        Field(text, name + ".guidance", Bits(prompt.Guidance));
    }

    private static void Field(StringBuilder text, string name, string value) =>
        text.Append('\n').Append(name).Append('=').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);

    // -0 and 0 give the same image; NaN never reaches here (the validator refuses it).
    private static string Bits(float value) =>
        BitConverter.SingleToInt32Bits(value == 0 ? 0f : value).ToString("x8", CultureInfo.InvariantCulture);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
