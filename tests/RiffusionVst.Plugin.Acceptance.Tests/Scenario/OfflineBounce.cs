using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.Transport;

namespace RiffusionVst.Plugin.Acceptance.Tests.Scenario;

/// <summary>
/// A DAW bouncing a project offline: blocks of varying size delivered back to back from bar 1 with no wall-clock
/// pacing and the transport marked offline, so the processor may wait for the loops the project carried.
/// </summary>
internal static class OfflineBounce
{
    private static readonly int[] BlockSizes = [512, 480, 1024, 64, 333, 1000];

    /// <summary>Renders <paramref name="samples"/> samples of <paramref name="plugin"/> at <paramref name="bpm"/>; returns (left, right).</summary>
    public static (float[] Left, float[] Right) Render(PluginInstance plugin, double bpm, long samples)
    {
        var left = new float[samples];
        var right = new float[samples];
        long position = 0;
        for (int block = 0; position < samples; block++)
        {
            int n = (int)Math.Min(BlockSizes[block % BlockSizes.Length], samples - position);
            var transport = new TransportInfo(bpm, true, position, IsOffline: true);
            plugin.Processor.Process([], [], left.AsSpan((int)position, n), right.AsSpan((int)position, n), transport, []);
            position += n;
        }
        return (left, right);
    }
}
