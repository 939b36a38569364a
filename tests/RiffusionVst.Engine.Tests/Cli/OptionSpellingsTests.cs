using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Cli;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Dsp.Spectrogram.Phase;

namespace RiffusionVst.Engine.Tests.Cli;

/// <summary>Values are accepted as the README and --help write them, in any case; help lists only values that work.</summary>
[Collection(ConsoleCollection.Name)]
public class OptionSpellingsTests
{
    [Theory]
    [InlineData("--device", "auto", ExecutionDevice.Auto)]
    [InlineData("--device", "CPU", ExecutionDevice.Cpu)]
    [InlineData("--device", "cuda", ExecutionDevice.Cuda)]
    [InlineData("--device", "dml", ExecutionDevice.DirectML)]
    [InlineData("--device", "DirectML", ExecutionDevice.DirectML)]
    [InlineData("--device", "CoreML", ExecutionDevice.CoreML)]
    public void Devices_are_accepted_as_the_readme_writes_them(string option, string value, ExecutionDevice expected)
    {
        var parse = CommandLine.Create().Parse(["generate", "x", option, value, "-o", "a.wav"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue<ExecutionDevice>(option));
    }

    [Theory]
    [InlineData("Float32", WavSampleFormat.Float32)]
    [InlineData("pcm24", WavSampleFormat.Pcm24)]
    [InlineData("PCM16", WavSampleFormat.Pcm16)]
    public void Sample_formats_are_accepted_in_any_case(string value, WavSampleFormat expected)
    {
        var parse = CommandLine.Create().Parse(["img2audio", "a.png", "b.wav", "--format", value]);
        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue<WavSampleFormat>("--format"));
    }

    [Theory]
    [InlineData("Pghi", PhaseInit.Pghi)]
    [InlineData("RANDOM", PhaseInit.Random)]
    [InlineData("zero", PhaseInit.Zero)]
    public void Init_modes_are_accepted_in_any_case(string value, PhaseInit expected)
    {
        var parse = CommandLine.Create().Parse(["img2audio", "a.png", "b.wav", "--init", value]);
        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue<PhaseInit>("--init"));
    }

    [Theory]
    [InlineData("--scheduler", "DPMPP2M", "dpmpp2m")]
    [InlineData("--scheduler", " lcm ", "lcm")]
    [InlineData("--seed-pattern", "Four-On-The-Floor", "four-on-the-floor")]
    [InlineData("--seed-pattern", "NONE", "none")]
    public void Names_are_accepted_in_any_case_and_read_as_the_protocol_spells_them(string option, string value, string expected)
    {
        var parse = CommandLine.Create().Parse(["generate", "x", option, value, "-o", "a.wav"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue<string?>(option));
    }

    [Fact]
    public void Help_lists_only_the_devices_this_build_runs_and_the_formats_the_writer_has()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, CommandLine.Run(["img2audio", "--help"]));
            Assert.Equal(0, CommandLine.Run(["generate", "--help"]));
        }
        finally
        {
            Console.SetOut(previous);
        }

        string help = output.ToString();
        // The CPU package of ONNX Runtime has no accelerator: only auto and cpu work here.
        Assert.Contains("Where the model runs: auto, cpu", help);
        Assert.DoesNotContain("dml", help);
        Assert.Contains("Sample format: float32, pcm24, pcm16", help);
        Assert.DoesNotContain("pcm8", help, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pndm, ddim, dpmpp2m, euler, lcm", help);
        Assert.DoesNotContain("euler-ancestral", help);
    }
}
