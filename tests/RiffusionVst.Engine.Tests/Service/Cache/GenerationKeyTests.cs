using RiffusionVst.Dsp.Audio;
using RiffusionVst.Engine.Service.Cache;
using RiffusionVst.Engine.Service.Generation;

namespace RiffusionVst.Engine.Tests.Service.Cache;

public class GenerationKeyTests
{
    private static readonly ImageRequest Baseline = new()
    {
        PromptA = new PromptEnd("jazz", 1, 0.75f, 7),
        PromptB = new PromptEnd("rock", 2, 0.75f, 7),
        Alpha = 0.5f,
        SeedPattern = "boom-bap",
    };

    public static TheoryData<string, ImageRequest> OneFieldChanged => new()
    {
        { "model", Baseline },
        { "prompt A text", Baseline with { PromptA = Baseline.PromptA with { Text = "jazz " } } },
        { "prompt B seed", Baseline with { PromptB = Baseline.PromptB with { Seed = 3 } } },
        { "denoising", Baseline with { PromptA = Baseline.PromptA with { Denoising = 0.7500001f } } },
        { "guidance", Baseline with { PromptB = Baseline.PromptB with { Guidance = 7.5f } } },
        { "negative", Baseline with { NegativePrompt = "vocals" } },
        { "alpha", Baseline with { Alpha = 0.50001f } },
        { "steps", Baseline with { Steps = 49 } },
        { "scheduler", Baseline with { Scheduler = "ddim" } },
        { "noise", Baseline with { Noise = "riffusion" } },
        { "seed pattern", Baseline with { SeedPattern = "shuffle" } },
        { "seed audio", Baseline with { SeedPattern = null, SeedAudio = new AudioClip(8000, new float[10]) } },
        { "mask name", Baseline with { MaskName = "top" } },
        { "mask png", Baseline with { MaskPng = [1] } },
        { "bars", Baseline with { Bars = 4 } },
        { "beats per bar", Baseline with { BeatsPerBar = 3 } },
        { "text moved between fields", Baseline with { PromptA = Baseline.PromptA with { Text = "jazzrock" }, PromptB = Baseline.PromptB with { Text = "" } } },
    };

    [Theory]
    [MemberData(nameof(OneFieldChanged))]
    public void Any_field_that_shapes_the_image_changes_the_key(string field, ImageRequest changed)
    {
        string model = field == "model" ? "other-model" : "m";
        Assert.NotEqual(GenerationKey.For(Baseline, "m"), GenerationKey.For(changed, model));
    }

    [Fact]
    public void Equal_requests_give_equal_well_formed_keys()
    {
        var copy = Baseline with { PromptA = new PromptEnd("jazz", 1, 0.75f, 7), Scheduler = "PNDM", Alpha = 0.5f };
        string key = GenerationKey.For(Baseline, "m");

        Assert.Equal(key, GenerationKey.For(copy, "m"));
        Assert.Equal(key, GenerationKey.For(Baseline with { Alpha = 0.5f }, "m"));
        Assert.True(GenerationKey.IsWellFormed(key));
        Assert.Equal(GenerationKey.For(Baseline with { Alpha = 0f }, "m"), GenerationKey.For(Baseline with { Alpha = -0f }, "m"));
    }

    [Fact]
    public void Seed_audio_is_keyed_by_its_samples_not_its_identity()
    {
        var a = Baseline with { SeedPattern = null, SeedAudio = new AudioClip(8000, [0.1f, 0.2f]) };
        var same = Baseline with { SeedPattern = null, SeedAudio = new AudioClip(8000, [0.1f, 0.2f]) };
        var other = Baseline with { SeedPattern = null, SeedAudio = new AudioClip(8000, [0.1f, 0.3f]) };

        Assert.Equal(GenerationKey.For(a, "m"), GenerationKey.For(same, "m"));
        Assert.NotEqual(GenerationKey.For(a, "m"), GenerationKey.For(other, "m"));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef", false)]
    [InlineData("../../../../etc/passwd/xxxxxxxxxx", false)]
    [InlineData("", false)]
    public void Only_32_lower_case_hex_digits_are_keys(string key, bool wellFormed) =>
        Assert.Equal(wellFormed, GenerationKey.IsWellFormed(key));
}
