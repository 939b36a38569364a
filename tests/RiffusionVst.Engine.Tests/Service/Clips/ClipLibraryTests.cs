using System.Text.Json;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service.Clips;

public class ClipLibraryTests
{
    [Fact]
    public async Task Every_delivered_loop_is_a_wav_with_tempo_and_loop_points_a_png_and_a_sidecar()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        var request = TestEngine.Request(1, "Lo-fi: piano / rain");
        request.Alpha = 0.25f;
        await client.SendAsync(request);
        var loop = await client.NextAsync<LoopReady>();

        string wav = Assert.IsType<string>(loop.ClipPath);
        Assert.Equal(engine.ClipsFolder, Path.GetDirectoryName(wav));
        Assert.Equal("lo-fi-piano-rain_to_lo-fi-piano-rain-with-strings_240bpm_1bar_a0p25.wav", Path.GetFileName(wav));

        var contents = WavFile.Read(wav);
        Assert.Equal(loop.Pcm[0].Length, contents.Clip.Length);
        Assert.Equal(22_050, contents.Clip.SampleRate);
        Assert.Equal(240, contents.Metadata.Tempo);
        Assert.Equal(4, contents.Metadata.Beats);
        Assert.Equal(0, contents.Metadata.LoopStart);
        Assert.Equal(22_049, contents.Metadata.LoopEnd);

        var png = PngFile.Read(Path.ChangeExtension(wav, ".png"));
        Assert.Equal((256, 512), (png.Image.Width, png.Image.Height));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(wav, ".json")));
        var root = json.RootElement;
        Assert.Equal(240, root.GetProperty("bpm").GetDouble());
        Assert.Equal(loop.GenerationKey, root.GetProperty("generationKey").GetString());
        var generation = root.GetProperty("generation");
        Assert.Equal("Lo-fi: piano / rain", generation.GetProperty("promptA").GetProperty("text").GetString());
        Assert.Equal(2, generation.GetProperty("promptB").GetProperty("seed").GetInt64());
        Assert.Equal(0.25, generation.GetProperty("alpha").GetDouble());
        Assert.Equal(1, generation.GetProperty("bars").GetInt32());
        Assert.Equal("boom-bap", generation.GetProperty("seedPattern").GetString());
        Assert.Empty(Directory.EnumerateFiles(engine.ClipsFolder, ".writing-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_prompt_in_another_script_keeps_its_letters_in_the_file_name_and_its_sidecar()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        var request = TestEngine.Request(1, "ダブテクノ Café");
        request.PromptB.Text = request.PromptA.Text;
        await client.SendAsync(request);
        var loop = await client.NextAsync<LoopReady>();

        string wav = Assert.IsType<string>(loop.ClipPath);
        Assert.Equal("ダブテクノ-cafe_240bpm_1bar.wav", Path.GetFileName(wav));
        string sidecar = File.ReadAllText(Path.ChangeExtension(wav, ".json"), System.Text.Encoding.UTF8);
        Assert.Contains("\"ダブテクノ Café\"", sidecar);
        Assert.DoesNotContain("\\u", sidecar);
    }

    [Fact]
    public async Task The_same_loop_twice_is_one_clip_and_a_different_loop_of_the_same_name_gets_the_next_name()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();

        await client.SendAsync(TestEngine.Request(1, "same"));
        string first = (await client.NextAsync<LoopReady>()).ClipPath!;
        byte[] firstBytes = File.ReadAllBytes(first);
        await client.SendAsync(TestEngine.Request(2, "same"));
        string again = (await client.NextAsync<LoopReady>()).ClipPath!;
        var otherSeed = TestEngine.Request(3, "same");
        otherSeed.PromptA.Seed = 99;
        otherSeed.PromptB.Seed = 99;
        await client.SendAsync(otherSeed);
        string second = (await client.NextAsync<LoopReady>()).ClipPath!;

        Assert.Equal(first, again);
        Assert.Equal(Path.GetFileNameWithoutExtension(first) + "-2", Path.GetFileNameWithoutExtension(second));
        Assert.Equal(firstBytes, File.ReadAllBytes(first));
        Assert.Equal(6, Directory.GetFiles(engine.ClipsFolder).Length);
    }

    [Fact]
    public void A_library_opened_later_on_the_folder_knows_its_clips_and_writes_a_tidied_away_one_again()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rvt-clips-" + Guid.NewGuid().ToString("N"));
        try
        {
            var info = Info("x") with { GenerationKey = "k1", SampleRate = 8000, Channels = 1, LengthSamples = 16_000 };
            var audio = new RiffusionVst.Dsp.Audio.AudioClip(8000, new float[16_000]);
            var image = new RiffusionVst.Dsp.Spectrogram.RgbImage(256, 512);
            ClipFiles written = new ClipLibrary(folder).Write(audio, image, info);

            var later = new ClipLibrary(folder);
            Assert.Equal(written, later.Write(audio, image, info));
            Assert.Equal("x_120bpm_1bar-2.wav", Path.GetFileName(later.Write(audio, image, info with { Bpm = 120, LengthSamples = 15_999 }).WavPath));
            Assert.Equal("x_120bpm_1bar-3.wav", Path.GetFileName(later.Write(audio, image, info with { GenerationKey = "k2" }).WavPath));
            Assert.Equal(9, Directory.GetFiles(folder).Length);

            foreach (string file in new[] { written.WavPath, written.PngPath, written.JsonPath })
                File.Delete(file);
            ClipFiles rewritten = later.Write(audio, image, info);
            Assert.Equal("x_120bpm_1bar.wav", Path.GetFileName(rewritten.WavPath));
            Assert.True(File.Exists(rewritten.WavPath));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ClipInfo Info(string prompt) => new()
    {
        Generation = new RiffusionVst.Engine.Service.Generation.ImageRequest
        {
            PromptA = new(prompt, 1, 0.75f, 7), PromptB = new(prompt, 1, 0.75f, 7), Bars = 1,
        },
        Bpm = 120,
    };

    [Fact]
    public void A_name_taken_by_any_of_the_three_files_moves_the_clip_to_the_next_name()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rvt-clips-" + Guid.NewGuid().ToString("N"));
        try
        {
            var library = new ClipLibrary(folder);
            var info = new ClipInfo
            {
                Generation = new RiffusionVst.Engine.Service.Generation.ImageRequest
                {
                    PromptA = new("x", 1, 0.75f, 7), PromptB = new("x", 1, 0.75f, 7), Bars = 1,
                },
                Bpm = 120,
            };
            File.WriteAllText(Path.Combine(folder, "x_120bpm_1bar.json"), "someone else's");
            var audio = new RiffusionVst.Dsp.Audio.AudioClip(8000, new float[16_000]);
            var image = new RiffusionVst.Dsp.Spectrogram.RgbImage(256, 512);

            var files = library.Write(audio, image, info);

            Assert.Equal("x_120bpm_1bar-2.wav", Path.GetFileName(files.WavPath));
            Assert.Equal("someone else's", File.ReadAllText(Path.Combine(folder, "x_120bpm_1bar.json")));
            Assert.True(File.Exists(files.PngPath) && File.Exists(files.JsonPath));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_default_folder_is_in_the_users_music_folder() =>
        Assert.Equal(ClipLibrary.DefaultFolderName, Path.GetFileName(ClipLibrary.DefaultFolder()));
}
