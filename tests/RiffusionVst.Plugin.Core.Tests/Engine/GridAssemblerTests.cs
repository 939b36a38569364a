using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.Tests.Engine;

public class GridAssemblerTests
{
    private static RenderSettings Settings(string textA = "lo-fi piano") =>
        new(textA, 42, "dub techno", 43, 0.75f, 7f, 2, 4, "four-on-the-floor", 0, 0, 0, 0, null);

    private static LoopReady Loop(float alpha, int samples = 192000, string key = "gen") =>
        new() { RequestId = 1, Alpha = alpha, GenerationKey = key, Bpm = 120, Bars = 2, BeatsPerBar = 4, SampleRate = 48000, Pcm = [new float[samples], new float[samples]] };

    [Fact]
    public void A_loop_fills_the_point_of_its_alpha_and_counts_as_an_arrival_of_the_request()
    {
        var assembler = new GridAssembler();
        assembler.StartRendered(9, Settings());
        var grid = assembler.Accept(Loop(0.25f, key: "gen-2"), assembler.IndexOf(0.25f), ofRequest: true, out string? problem);
        Assert.Null(problem);
        Assert.Equal(2, assembler.IndexOf(0.25f));
        Assert.Equal(192000, grid![2]!.Length);
        Assert.Equal("gen-2", assembler.GenerationKey(2));
        Assert.Equal(1, assembler.Arrived);
        Assert.False(assembler.IsComplete);
    }

    [Fact]
    public void The_same_settings_again_keep_the_loops_already_here_and_new_settings_start_empty()
    {
        var assembler = new GridAssembler();
        assembler.StartRendered(3, Settings());
        assembler.Accept(Loop(0f), 0, ofRequest: true, out _);

        assembler.StartRendered(3, Settings());
        Assert.Equal(1, assembler.Grid!.PresentCount);
        Assert.Equal(0, assembler.Arrived);

        assembler.StartRendered(3, Settings("glitchy idm"));
        Assert.Equal(0, assembler.Grid!.PresentCount);
        Assert.Null(assembler.GenerationKey(0));
    }

    [Fact]
    public void A_loop_off_the_bar_is_refused_with_the_length_that_keeps_it_on()
    {
        var assembler = new GridAssembler();
        assembler.StartRendered(3, Settings());
        Assert.Null(assembler.Accept(Loop(0f, samples: 191999), 0, ofRequest: true, out string? problem));
        Assert.Equal("The engine sent a loop of 191999 samples where 192000 keep it on the bar; it was not played.", problem);
        Assert.Equal(0, assembler.Grid!.PresentCount);
        Assert.Equal(0, assembler.Arrived);
    }
}
