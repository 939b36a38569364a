using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Rendering;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Service;

/// <summary>
/// A saved project's images come back as the same loops from any engine: one with no model (the no-diffusion
/// generator), an empty cache, and the real (default) phase reconstruction, which is deterministic.
/// </summary>
public class RenderFromImagesTests
{
    private static RenderRequest TwoBarGrid(long id) => new()
    {
        RequestId = id,
        PromptA = new PromptSpec { Text = "lofi piano", Seed = 1 },
        PromptB = new PromptSpec { Text = "dub techno", Seed = 2 },
        AlphaGrid = [0f, 1f],
        Steps = 4,
        SeedPattern = "boom-bap",
        Bpm = 120,
        Bars = 1,
        BeatsPerBar = 4,
        SampleRate = 22_050,
        Channels = 2,
        IncludePng = true,
    };

    private static RenderFromImages Restore(long id, IEnumerable<LoopReady> loops, double bpm = 120) => new()
    {
        RequestId = id,
        Images = loops.Select(l => new StoredImage { Alpha = l.Alpha, Png = l.Png! }).ToArray(),
        Bpm = bpm,
        Bars = 1,
        BeatsPerBar = 4,
        SampleRate = 22_050,
        Channels = 2,
    };

    /// <summary>The two loops of a two-point grid by alpha (reconstructions run side by side, so either may come first).</summary>
    private static async Task<LoopReady[]> TwoLoopsAsync(TestClient client)
    {
        LoopReady[] loops = [await client.NextAsync<LoopReady>(), await client.NextAsync<LoopReady>()];
        return [.. loops.OrderBy(l => l.Alpha)];
    }

    [Fact]
    public async Task Another_engine_with_no_model_and_an_empty_cache_renders_the_stored_images_sample_for_sample_with_no_diffusion()
    {
        var renderer = new PooledLoopRenderer(); // the engine's default: PGHI + 10 Griffin-Lim iterations on every core
        LoopReady[] made;
        await using (var first = await TestEngine.StartAsync(renderer: renderer))
        await using (var client = await first.ConnectAsync())
        {
            await client.SendAsync(TwoBarGrid(1));
            made = await TwoLoopsAsync(client);
        }

        await using var second = await TestEngine.StartAsync(new SeedPatternImageGenerator(), new PooledLoopRenderer());
        await using var other = await second.ConnectAsync();
        Assert.Contains(Capabilities.RenderFromImages, other.Welcome.Capabilities);
        await other.SendAsync(Restore(7, made));
        LoopReady[] back = await TwoLoopsAsync(other);

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(7, back[i].RequestId);
            Assert.Equal(44_100, back[i].Pcm[0].Length); // 4 beats at 120 BPM: 2 s at 22.05 kHz
            Assert.Equal(made[i].Pcm[0], back[i].Pcm[0]);
            Assert.Equal(made[i].Pcm[1], back[i].Pcm[1]);
        }
        Assert.Equal(0, second.Counters.DiffusionRuns);
        Assert.Equal(2, second.Counters.LoopsDelivered);

        // The engine now knows the images by their keys: a tempo change is an ordinary retime.
        await other.SendAsync(new Retime { RequestId = 8, GenerationKey = back[1].GenerationKey, Bpm = 90 });
        LoopReady slower = await other.NextAsync<LoopReady>(l => l.RequestId == 8);
        Assert.Equal(58_800, slower.Pcm[0].Length); // 4 beats at 90 BPM: 8/3 s
        Assert.Equal(0, second.Counters.DiffusionRuns);
    }

    [Fact]
    public async Task Reopening_a_project_again_names_the_clips_its_first_reopening_wrote_and_adds_none()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        await client.SendAsync(TwoBarGrid(1));
        LoopReady[] made = await TwoLoopsAsync(client);

        await client.SendAsync(Restore(2, made));
        LoopReady[] first = await TwoLoopsAsync(client);
        int files = Directory.GetFiles(engine.ClipsFolder).Length;
        await client.SendAsync(Restore(3, made));
        LoopReady[] again = await TwoLoopsAsync(client);

        // The grid's two clips (keys of their settings), and one restored clip: without diffusion both points are the
        // seed pattern's image, so their pixels, and hence their loops, are one and the same.
        Assert.Equal(9, files);
        Assert.Equal(files, Directory.GetFiles(engine.ClipsFolder).Length);
        Assert.Equal(first.Select(l => l.ClipPath), again.Select(l => l.ClipPath));
        Assert.All(again, l => Assert.True(File.Exists(l.ClipPath)));
    }

    [Fact]
    public void Image_to_loop_is_the_same_to_the_sample_on_one_two_or_three_threads()
    {
        RgbImage image = PngFile.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference", "drums.png")).Image;
        var loop = new LoopSpec(110, 2, 4, 48_000);
        float[][] Render(int threads) => new PooledLoopRenderer(new PhaseReconstructionOptions { Threads = threads }).Render(image, loop, 2, default).Channels;

        float[][] one = Render(1);
        Assert.Equal(one[0], Render(2)[0]);
        Assert.Equal(one[0], Render(3)[0]);
        Assert.Equal(loop.LengthSamples, one[0].Length);
    }

    [Fact]
    public async Task An_unreadable_or_misshapen_image_is_refused_naming_it_and_the_connection_goes_on()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var client = await engine.ConnectAsync();
        byte[] wide = PngFile.Encode(new RgbImage(1024, 512));

        await client.SendAsync(new RenderFromImages
        {
            RequestId = 3,
            Images = [new StoredImage { Alpha = 0, Png = [1, 2, 3, 4] }, new StoredImage { Alpha = 1, Png = wide }],
            Bars = 2,
            SampleRate = 48_000,
        });
        ErrorMessage error = await client.NextAsync<ErrorMessage>();
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Equal(3, error.RequestId);
        Assert.StartsWith("Stored image 1 (alpha 0) is not a readable PNG (", error.Message, StringComparison.Ordinal);

        await client.SendAsync(new RenderFromImages { RequestId = 4, Images = [new StoredImage { Alpha = 0, Png = wide }], Bars = 1, SampleRate = 48_000 });
        error = await client.NextAsync<ErrorMessage>(e => e.RequestId == 4);
        Assert.Equal("Stored image 1 (alpha 0) is 1024×512; 1 bars of 4 need 256×512. Render the grid anew.", error.Message);

        await client.SendAsync(new RenderFromImages { RequestId = 5, Images = [], SampleRate = 48_000 });
        error = await client.NextAsync<ErrorMessage>(e => e.RequestId == 5);
        Assert.Equal("RenderFromImages has 0 images; give 1 to 64.", error.Message);

        await client.SendAsync(new Ping { Echo = 9 });
        Assert.Equal(9, (await client.NextAsync<Pong>()).Echo);
        Assert.Equal(0, engine.Counters.LoopsDelivered);
    }
}
