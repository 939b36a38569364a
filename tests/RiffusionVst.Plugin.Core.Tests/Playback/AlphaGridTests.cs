using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Tests.Hosting;

namespace RiffusionVst.Plugin.Core.Tests.Playback;

public class AlphaGridTests
{
    [Fact]
    public void Render_order_starts_nearest_the_current_alpha()
    {
        // alpha 0.3 on 9 points sits at x = 2.4: 2 (0.4 away), 3 (0.6), 1 (1.4), 4 (1.6), …
        Assert.Equal(new[] { 2, 3, 1, 4, 0, 5, 6, 7, 8 }, AlphaGrid.RenderOrder(9, 0.3));
        Assert.Equal(new[] { 8, 7, 6, 5, 4, 3, 2, 1, 0 }, AlphaGrid.RenderOrder(9, 1.0));
    }

    [Fact]
    public void Missing_points_resolve_to_the_nearest_present_point_ties_to_lower_alpha()
    {
        var grid = TestLoops.Grid(9, m => TestLoops.Constant(m, 16), 0, 8);
        var resolved = grid.Resolved.Select(l => (int)l!.LeftSamples[0]).ToArray();
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 8, 8, 8, 8 }, resolved);
        Assert.Equal(2, grid.PresentCount);
    }

    [Fact]
    public void Adding_a_loop_leaves_the_original_grid_unchanged()
    {
        var empty = new AlphaGrid(9, 2, 4);
        var one = empty.With(4, TestLoops.Constant(1, 8));
        Assert.Null(empty[4]);
        Assert.NotNull(one[4]);
        Assert.Equal(0.5, one.AlphaAt(4));
    }

    [Fact]
    public void A_loop_of_another_shape_is_refused_with_a_reason()
    {
        var grid = new AlphaGrid(9, 2, 4);
        var e = Assert.Throws<ArgumentException>(() => grid.With(0, TestLoops.Constant(1, 8, bars: 4)));
        Assert.Contains("4 bars", e.Message);
    }

    [Fact]
    public void Evolve_walks_alpha_in_quarters_and_chains_segments_end_to_start()
    {
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 0f }, Enumerable.Range(0, 5).Select(k => EvolveSchedule.AlphaForLoop(k)));
        Assert.Equal(0.75f, EvolveSchedule.AlphaForLoop(-1));
        Assert.Equal(-1, EvolveSchedule.SegmentForLoop(-1));
        Assert.Equal(1, EvolveSchedule.SegmentForLoop(4));
        var s0 = EvolveSchedule.Segment(0, promptSlotA: 2, promptSlotB: 5, seed: 10);
        var s1 = EvolveSchedule.Segment(1, promptSlotA: 2, promptSlotB: 5, seed: 10);
        Assert.Equal(new EvolveSegment(2, 10, 5, 11), s0);
        Assert.Equal(new EvolveSegment(5, 11, 2, 12), s1);
    }
}
