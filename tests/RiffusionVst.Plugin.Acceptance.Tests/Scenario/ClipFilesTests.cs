using System.Buffers.Binary;
using Xunit.Abstractions;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>Every loop the engine delivered to the plugin also lands in the clip folder, as a WAV of the same length.</summary>
public sealed class ClipFilesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Delivered_loops_appear_as_clip_files_of_the_loop_length()
    {
        await using var stage = Stage.Start(output);
        await stage.UntilWholeGridPlaysAsync();
        int delivered = stage.Player.Playing!.PointCount;
        string[] Wavs() => Directory.GetFiles(stage.Engine.ClipsFolder, "*.wav", SearchOption.AllDirectories);
        await stage.Song.PlayUntilAsync(() => Wavs().Length >= delivered && Wavs().All(Complete), "a complete clip file for each delivered loop");

        foreach (string wav in Wavs())
        {
            (int rate, int channels, long frames) = ReadWavShape(File.ReadAllBytes(wav));
            Assert.Equal(48_000, rate);
            Assert.Equal(2, channels);
            Assert.Equal(Stage.Loop120, frames);
            string stem = Path.Combine(Path.GetDirectoryName(wav)!, Path.GetFileNameWithoutExtension(wav));
            Assert.True(File.Exists(stem + ".json"), $"no settings sidecar beside {wav}");
        }
    }

    private static bool Complete(string path)
    {
        try
        {
            return ReadWavShape(File.ReadAllBytes(path)).Frames > 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentOutOfRangeException)
        {
            return false; // still being written
        }
    }

    /// <summary>Reads a RIFF WAVE header by the book: fmt gives rate, channels and the frame size; data's size gives the frames.</summary>
    private static (int Rate, int Channels, long Frames) ReadWavShape(byte[] bytes)
    {
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646 /* RIFF */ || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)) != 0x57415645 /* WAVE */)
            throw new InvalidDataException("not a RIFF WAVE file");
        int rate = 0, channels = 0, blockAlign = 0;
        for (int at = 12; at + 8 <= bytes.Length;)
        {
            uint id = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
            if (id == 0x666D7420 /* "fmt " */)
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 10));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 20));
            }
            else if (id == 0x64617461 /* "data" */)
            {
                if (blockAlign == 0 || at + 8 + size > bytes.Length)
                    throw new InvalidDataException("data before fmt, or the file is cut short");
                return (rate, channels, size / blockAlign);
            }
            at += 8 + (int)size + (int)(size & 1);
        }
        throw new InvalidDataException("no data chunk");
    }
}
