using System.Buffers.Binary;
using RiffusionVst.Dsp.Audio;

namespace RiffusionVst.Engine.Cli.Files;

/// <summary>Checks, before any work, that an input exists, can be read and is of the kind the command reads (by its first bytes, not its name).</summary>
internal static class InputFiles
{
    /// <summary>Rows of every Riffusion spectrogram image.</summary>
    public const int RiffusionImageHeight = 512;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks a PNG input and returns its height in pixels (from its header).</summary>
    public static int RequirePng(string path, string name)
    {
        byte[] head = Head(path, name, 24);
        if (head.Length < 24 || !head.AsSpan(0, 8).SequenceEqual(PngSignature))
            throw CliException.BadInput($"{name} {Path.GetFileName(path)} is not a PNG image; give a spectrogram PNG (e.g. one written by audio2img or generate).");
        return (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(20, 4)));
    }

    /// <summary>Checks a PNG input and warns when it is not 512 pixels high (it will be resized, which blurs the mel bands).</summary>
    public static void RequireSpectrogramPng(string path, string name)
    {
        int height = RequirePng(path, name);
        if (height != RiffusionImageHeight)
            CommandErrors.Warning($"{Path.GetFileName(path)} is {height} pixels high, not {RiffusionImageHeight}: it is probably not a Riffusion spectrogram; its rows will be resized to {RiffusionImageHeight} mel bands.");
    }

    /// <summary>Checks an audio input: WAV, AIFF or MP3, told apart by its first bytes as the engine's reader does.</summary>
    public static void RequireAudio(string path, string name)
    {
        byte[] head = Head(path, name, 12);
        if (!AudioFileReader.IsAudioFile(head))
            throw CliException.BadInput($"{name} {Path.GetFileName(path)} is not a WAV, AIFF or MP3 file; convert it to WAV (16/24/32-bit PCM or float) first.");
    }

    /// <summary>Checks that a folder input exists.</summary>
    public static void RequireFolder(string path, string name)
    {
        if (File.Exists(path))
            throw CliException.BadInput($"{name} {path} is a file, not a folder; give the folder that holds it.");
        if (!Directory.Exists(path))
            throw CliException.BadInput($"{name} {path} does not exist; check the path.");
    }

    private static byte[] Head(string path, string name, int count)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw CliException.BadInput($"{name} {path} is a folder; give a file.");
        if (!File.Exists(full))
            throw CliException.BadInput($"{name} {path} does not exist; check the path.");
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var head = new byte[count];
            int read = stream.ReadAtLeast(head, count, throwOnEndOfStream: false);
            return head[..read];
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{name} {path} cannot be read (no permission); check its permissions.");
        }
        catch (IOException)
        {
            throw CliException.BadInput($"{name} {path} cannot be read (in use, or a disk error); try again or copy it elsewhere.");
        }
    }
}
