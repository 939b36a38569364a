using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Service.Cache;

public class GenerationCacheTests
{
    private static ImageRequest Request(float alpha) => new()
    {
        PromptA = new PromptEnd("a", 1, 0.75f, 7),
        PromptB = new PromptEnd("b", 2, 0.75f, 7),
        Alpha = alpha,
        Bars = 1,
    };

    private static RgbImage Image(byte fill)
    {
        var image = new RgbImage(256, 512);
        Array.Fill(image.Pixels, fill);
        return image;
    }

    [Fact]
    public void Memory_keeps_the_most_recently_used_within_its_byte_budget()
    {
        // Each 256×512 RGB image is 393 216 bytes; the budget holds two.
        var cache = new GenerationCache(folder: null, memoryBytes: 2 * 393_216);
        string[] keys = [.. Enumerable.Range(0, 3).Select(i => GenerationKey.For(Request(i / 4f), "m"))];

        cache.Put(keys[0], Image(0), Request(0));
        cache.Put(keys[1], Image(1), Request(0.25f));
        Assert.True(cache.TryGet(keys[0], out _));
        cache.Put(keys[2], Image(2), Request(0.5f));

        Assert.True(cache.TryGet(keys[0], out var kept));
        Assert.Equal(0, kept.Image.Pixels[0]);
        Assert.False(cache.TryGet(keys[1], out _));
        Assert.True(cache.TryGet(keys[2], out _));
        Assert.Equal(2, cache.MemoryCount);
    }

    [Fact]
    public void A_new_cache_on_the_same_folder_reads_back_the_image_and_request()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rvt-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var request = Request(0.75f) with { SeedPattern = "shuffle", NegativePrompt = "vocals" };
            string key = GenerationKey.For(request, "m");
            var image = Image(0);
            image.Pixels[3 * 1000] = 123;
            new GenerationCache(folder).Put(key, image, request);

            var reopened = new GenerationCache(folder);
            Assert.True(reopened.TryGet(key, out var loaded));
            Assert.Equal(image.Pixels, loaded.Image.Pixels);
            Assert.Equal(request with { }, loaded.Request);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp-*"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_file_is_a_miss_not_a_failure()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rvt-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            string key = GenerationKey.For(Request(0), "m");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, key + ".png"), "not a png");
            File.WriteAllText(Path.Combine(folder, key + ".json"), "{");

            Assert.False(new GenerationCache(folder).TryGet(key, out _));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
