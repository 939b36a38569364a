using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Protocol.Tests.Messages;

public class VocabularyTests
{
    [Fact]
    public void The_scheduler_names_are_exactly_those_the_engine_implements()
    {
        Assert.Equal(["pndm", "ddim", "dpmpp2m", "euler", "lcm"], SchedulerNames.All);
    }

    [Fact]
    public void The_seed_pattern_names_are_the_drum_patterns_then_none()
    {
        Assert.Equal(["four-on-the-floor", "boom-bap", "half-time", "breakbeat", "shuffle", "none"], SeedPatternNames.All);
        Assert.DoesNotContain(SeedPatternNames.None, SeedPatternNames.Drums);
    }

    [Theory]
    [InlineData("Boom-Bap", "boom-bap")]
    [InlineData("  NONE ", "none")]
    [InlineData("og_beat", null)]
    [InlineData("", null)]
    public void Seed_pattern_names_are_found_without_regard_to_case_or_blanks(string name, string? expected)
    {
        Assert.Equal(expected, SeedPatternNames.Find(name));
    }

    [Theory]
    [InlineData("DPMPP2M", "dpmpp2m")]
    [InlineData("euler-ancestral", null)]
    [InlineData("lms", null)]
    public void Scheduler_names_are_found_without_regard_to_case(string name, string? expected)
    {
        Assert.Equal(expected, SchedulerNames.Find(name));
    }

    [Fact]
    public void A_request_naming_an_unknown_seed_pattern_is_refused_with_the_list()
    {
        var request = new RenderRequest { PromptA = new PromptSpec { Text = "a" }, PromptB = new PromptSpec { Text = "a" }, Alpha = 0, SeedPattern = "og_beat" };
        var error = MessageValidator.Validate(request);
        Assert.NotNull(error);
        Assert.Equal("Unknown seed pattern 'og_beat'; use one of: four-on-the-floor, boom-bap, half-time, breakbeat, shuffle, none.", error.Message);
    }

    [Fact]
    public void The_longest_loop_fills_a_frame_less_the_overhead_allowance()
    {
        // (128 MiB − 8 MiB) / (2 channels · 4 bytes) = 15 728 640 samples a channel.
        Assert.Equal(15_728_640, ProtocolLimits.MaxLoopSamples(2));
        Assert.Equal(31_457_280, ProtocolLimits.MaxLoopSamples(1));
    }
}
