using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Protocol.Tests.Validation;

public class MessageValidatorTests
{
    private static RenderRequest Valid() => new() { RequestId = 7, Alpha = 0.5f, Bpm = 120, Bars = 2, SampleRate = 44100, Channels = 2 };

    [Fact]
    public void A_sensible_request_passes() => Assert.Null(MessageValidator.Validate(Valid()));

    public static IEnumerable<object[]> BadRequests()
    {
        yield return [(Action<RenderRequest>)(r => r.Bpm = 0), "BPM is 0"];
        yield return [(Action<RenderRequest>)(r => r.Bpm = -5), "above 0"];
        yield return [(Action<RenderRequest>)(r => r.Bpm = 1000), "at most 999"];
        yield return [(Action<RenderRequest>)(r => r.Bpm = double.NaN), "BPM is NaN"];
        yield return [(Action<RenderRequest>)(r => r.Bars = 0), "choose 1 to 8 bars"];
        yield return [(Action<RenderRequest>)(r => r.Bars = 9), "choose 1 to 8 bars"];
        yield return [(Action<RenderRequest>)(r => r.Alpha = float.NaN), "Alpha is NaN"];
        yield return [(Action<RenderRequest>)(r => r.Alpha = 1.5f), "morph position from 0"];
        yield return [(Action<RenderRequest>)(r => r.Alpha = null), "either Alpha or AlphaGrid"];
        yield return [(Action<RenderRequest>)(r => r.AlphaGrid = [0f, 1f]), "either Alpha or AlphaGrid"];
        yield return [(Action<RenderRequest>)(r => { r.Alpha = null; r.AlphaGrid = [0f, float.NaN]; }), "AlphaGrid[1] is NaN"];
        yield return [(Action<RenderRequest>)(r => r.PromptA.Text = new string('x', 2001)), "shorten it to at most 2000"];
        yield return [(Action<RenderRequest>)(r => r.Scheduler = "warp-drive"), "Unknown scheduler 'warp-drive'; use one of: pndm"];
        yield return [(Action<RenderRequest>)(r => r.Noise = "numpy"), "Unknown noise 'numpy'; use one of: portable, riffusion, riffusion-avx2."];
        yield return [(Action<RenderRequest>)(r => r.Noise = null!), "Unknown noise ''"];
        yield return [(Action<RenderRequest>)(r => r.PromptB.Denoising = 2f), "PromptB.Denoising is 2"];
        yield return [(Action<RenderRequest>)(r => r.Channels = 3), "use 1 (mono) or 2 (stereo)"];
        yield return [(Action<RenderRequest>)(r => r.SampleRate = 0), "Sample rate is 0 Hz"];
        yield return [(Action<RenderRequest>)(r => r.Steps = 0), "Steps is 0"];
        yield return [(Action<RenderRequest>)(r => { r.SeedPattern = "og_beat"; r.SeedAudio = new SeedAudio { Channels = [[0f]], SampleRate = 44100 }; }), "either SeedPattern or SeedAudio"];
        yield return [(Action<RenderRequest>)(r => { r.MaskName = "top"; r.MaskPng = [1]; }), "either MaskName or MaskPng"];
        // 8 bars of 4/4 at 8 BPM, stereo 96 kHz: 240 s × 768 000 B/s ≈ 176 MiB > 128 MiB.
        yield return [(Action<RenderRequest>)(r => { r.Bars = 8; r.Bpm = 8; r.SampleRate = 96000; }), "over the 128 MiB message limit"];
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Impossible_values_become_an_invalid_request_error_that_says_what_to_do(Action<RenderRequest> spoil, string expectedText)
    {
        RenderRequest request = Valid();
        spoil(request);
        ErrorMessage? error = MessageValidator.Validate(request);
        Assert.NotNull(error);
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Equal(7, error.RequestId);
        Assert.False(error.Fatal);
        Assert.Contains(expectedText, error.Message);
    }

    [Fact]
    public void Scheduler_names_are_checked_against_what_the_engine_offers_ignoring_case()
    {
        RenderRequest request = Valid();
        request.Scheduler = "DDIM";
        Assert.Null(MessageValidator.Validate(request, ["ddim"]));
        Assert.NotNull(MessageValidator.Validate(request, ["pndm"]));
    }

    [Fact]
    public void Noise_defaults_to_portable_and_its_names_ignore_case()
    {
        RenderRequest request = Valid();
        Assert.Equal(NoiseNames.Portable, request.Noise);
        request.Noise = "Riffusion";
        Assert.Null(MessageValidator.Validate(request));
    }

    [Fact]
    public void Eight_bars_stereo_at_96_kHz_and_20_bpm_fits_the_default_frame_limit()
    {
        RenderRequest request = Valid();
        request.Bars = 8;
        request.Bpm = 20;
        request.SampleRate = 96000;
        Assert.Null(MessageValidator.Validate(request));
    }

    [Fact]
    public void Same_major_version_is_welcome()
    {
        Assert.Null(MessageValidator.CheckVersion(new Hello { ProtocolMajor = ProtocolVersion.Major, ProtocolMinor = ProtocolVersion.Minor + 5 }));
    }

    [Theory]
    [InlineData(0, "Update the plugin")]
    [InlineData(99, "Update the engine")]
    public void Another_major_version_is_refused_fatally_with_advice(int major, string advice)
    {
        ErrorMessage? error = MessageValidator.CheckVersion(new Hello { ProtocolMajor = major, ClientName = "RiffusionVst", ClientVersion = "9.9" });
        Assert.NotNull(error);
        Assert.Equal(ErrorCode.VersionMismatch, error.Code);
        Assert.True(error.Fatal);
        Assert.Contains($"speaks protocol {major}.", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void Retime_needs_a_key_and_a_change()
    {
        Assert.Contains("changes nothing", MessageValidator.Validate(new Retime { GenerationKey = "k" })!.Message);
        Assert.Contains("GenerationKey", MessageValidator.Validate(new Retime { Bpm = 100 })!.Message);
        Assert.Contains("BPM is 0", MessageValidator.Validate(new Retime { GenerationKey = "k", Bpm = 0 })!.Message);
        Assert.Contains("Sample rate is 5", MessageValidator.Validate(new Retime { GenerationKey = "k", SampleRate = 5 })!.Message);
        Assert.Null(MessageValidator.Validate(new Retime { GenerationKey = "k", SampleRate = 48000 }));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(7, true)]
    [InlineData(8, false)]
    public void Prompt_slots_are_zero_to_seven(int slot, bool ok)
    {
        ErrorMessage? error = MessageValidator.Validate(new SetPromptSlot { Slot = slot, Text = "x" });
        Assert.Equal(ok, error is null);
    }
}
