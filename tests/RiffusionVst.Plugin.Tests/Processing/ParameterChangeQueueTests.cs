using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Processing;
using RiffusionVst.Plugin.Processing;

namespace RiffusionVst.Plugin.Tests.Processing;

public class ParameterChangeQueueTests
{
    [Fact]
    public void Seal_orders_points_of_different_parameters_by_offset_keeping_arrival_order_at_equal_offsets()
    {
        var queue = new ParameterChangeQueue();
        // As a VST3 host delivers them: all points of one parameter, then the next parameter's.
        queue.Add(10, ParameterId.Alpha, 0.1f);
        queue.Add(300, ParameterId.Alpha, 0.3f);
        queue.Add(0, ParameterId.DryWet, 0.5f);
        queue.Add(10, ParameterId.Seed, 0.7f);
        queue.Add(200, ParameterId.DryWet, 0.9f);

        ParameterChange[] sealedChanges = queue.Seal().ToArray();

        ParameterChange[] expected =
        [
            new(0, ParameterId.DryWet, 0.5f),
            new(10, ParameterId.Alpha, 0.1f),
            new(10, ParameterId.Seed, 0.7f),
            new(200, ParameterId.DryWet, 0.9f),
            new(300, ParameterId.Alpha, 0.3f),
        ];
        Assert.Equal(expected, sealedChanges);
    }

    [Fact]
    public void Negative_offsets_count_as_the_first_sample()
    {
        var queue = new ParameterChangeQueue();
        queue.Add(-5, ParameterId.Guidance, 0.25f);

        Assert.Equal(0, queue.Seal()[0].SampleOffset);
    }

    [Fact]
    public void Unknown_parameter_ids_are_ignored()
    {
        var queue = new ParameterChangeQueue();
        queue.Add(0, (ParameterId)ParameterCatalog.Count, 1f);
        queue.Add(0, (ParameterId)(-1), 1f);

        Assert.Equal(0, queue.Seal().Length);
    }

    [Fact]
    public void When_full_the_last_value_of_each_overflowing_parameter_comes_after_every_in_block_point()
    {
        var queue = new ParameterChangeQueue(capacity: 2);
        queue.Add(50, ParameterId.Alpha, 0.1f);
        queue.Add(60, ParameterId.Alpha, 0.2f);
        queue.Add(70, ParameterId.Alpha, 0.3f); // overflow
        queue.Add(80, ParameterId.Denoising, 0.4f); // overflow
        queue.Add(90, ParameterId.Alpha, 0.6f); // overflow, replaces 0.3

        ParameterChange[] changes = queue.Seal().ToArray();

        Assert.Equal(4, changes.Length);
        Assert.Equal(new ParameterChange(50, ParameterId.Alpha, 0.1f), changes[0]);
        Assert.Equal(new ParameterChange(60, ParameterId.Alpha, 0.2f), changes[1]);
        // Overflowed values land at the end, in parameter order, past any block length.
        Assert.Equal(new ParameterChange(int.MaxValue, ParameterId.Alpha, 0.6f), changes[2]);
        Assert.Equal(new ParameterChange(int.MaxValue, ParameterId.Denoising, 0.4f), changes[3]);
    }

    [Fact]
    public void Clear_forgets_the_previous_block_including_overflow()
    {
        var queue = new ParameterChangeQueue(capacity: 1);
        queue.Add(1, ParameterId.Alpha, 0.1f);
        queue.Add(2, ParameterId.Bars, 1f); // overflow
        queue.Clear();
        queue.Add(3, ParameterId.Seed, 0.5f);

        Assert.Equal([new ParameterChange(3, ParameterId.Seed, 0.5f)], queue.Seal().ToArray());
    }

    [Fact]
    public void A_block_of_adds_and_a_seal_allocate_nothing()
    {
        var queue = new ParameterChangeQueue(capacity: 8);
        void Block()
        {
            queue.Clear();
            for (int i = 0; i < 12; i++)
                queue.Add(100 - i * 7, (ParameterId)(i % ParameterCatalog.Count), i / 12f);
            queue.Seal();
        }

        Block();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
            Block();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
