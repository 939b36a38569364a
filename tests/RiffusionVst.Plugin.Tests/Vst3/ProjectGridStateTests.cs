using System.Buffers.Binary;
using System.IO.Compression;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.State;
using RiffusionVst.Plugin.Vst3;

namespace RiffusionVst.Plugin.Tests.Vst3;

// The adapter keeps a project's grid (its images) across RestoreState/SaveState, even with no engine running.
public sealed class ProjectGridStateTests
{
    private static byte[] GreyPng(int width, int height, int shade)
    {
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[width + 1];
            for (int y = 0; y < height; y++)
            {
                row.AsSpan(1).Fill((byte)(y + shade));
                zlib.Write(row);
            }
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in new[] { ("IHDR", header), ("IDAT", raw.ToArray()), ("IEND", Array.Empty<byte>()) })
        {
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            png.Write(word);
            byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
            png.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(word, PngCheck.Crc32(typeAndData));
            png.Write(word);
        }
        return png.ToArray();
    }

    [Fact]
    public void A_projects_grid_is_saved_again_by_an_instance_that_never_reached_an_engine()
    {
        var settings = new StoredGridSettings("lo-fi piano", 42, "dub techno", 43, 0.75f, 7f, 2, 4, "four-on-the-floor", null, "riffusion-model-v1", 50, "pndm");
        var grid = new StoredGrid(settings, 2, [new StoredGridPoint(0, 0f, GreyPng(512, 512, 1)), new StoredGridPoint(1, 1f, GreyPng(512, 512, 2))]);
        byte[] project = PluginStateSerializer.Save(PluginState.Capture(new PluginParameters(), new PromptSlots(), Guid.NewGuid(), grid));

        var plugin = new RiffusionVstPlugin(_ => null, TimeSpan.Zero);
        plugin.RestoreState(project);
        StateLoadResult saved = PluginStateSerializer.Load(plugin.SaveState()!);

        Assert.Null(saved.Warning);
        Assert.Equal(settings, saved.State.Grid!.Settings);
        Assert.Equal(grid.Points.Select(p => p.Png), saved.State.Grid.Points.Select(p => p.Png));
    }
}
