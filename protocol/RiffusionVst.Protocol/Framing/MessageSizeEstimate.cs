using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Framing;

/// <summary>A close upper guess of a message's encoded size, so buffers for megabyte loops are not regrown (and copied) on the way up.</summary>
internal static class MessageSizeEstimate
{
    private const int Small = 4096;

    public static int BodyBytes(Message message)
    {
        long bytes = message switch
        {
            LoopReady loop => Small + PcmBytes(loop.Pcm) + (loop.Png?.Length ?? 0),
            RenderRequest request => Small + PcmBytes(request.SeedAudio?.Channels) + (request.MaskPng?.Length ?? 0),
            _ => Small,
        };
        return (int)Math.Min(bytes, Array.MaxLength - FrameFormat.HeaderBytes);
    }

    private static long PcmBytes(float[][]? channels)
    {
        long total = 0;
        if (channels is not null)
        {
            foreach (float[] channel in channels)
                total += (channel?.Length ?? 0) * (long)sizeof(float) + 8;
        }
        return total;
    }
}
