using MessagePack;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Protocol.Tests.Serialization;

public class PcmChannelsFormatterTests
{
    [Fact]
    public void Pcm_is_written_as_bin_blobs_of_little_endian_float32()
    {
        var seed = new SeedAudio { Channels = [[1f, -2f]], SampleRate = 8000 };
        byte[] bytes = MessagePackSerializer.Serialize(seed, MessageSerializer.Options);
        // [ [bin8(8): 1.0f = 00 00 80 3f, -2.0f = 00 00 00 c0], 8000 = 0xcd 0x1f 0x40 ], worked by hand from IEEE 754.
        byte[] expected = [0x92, 0x91, 0xc4, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0xcd, 0x1f, 0x40];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void A_blob_that_is_not_whole_samples_is_refused()
    {
        byte[] bytes = [0x92, 0x91, 0xc4, 0x03, 0x00, 0x00, 0x80, 0xcd, 0x1f, 0x40];
        var e = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<SeedAudio>(bytes, MessageSerializer.Options));
        Assert.Contains("not a whole number of float32 samples", e.InnerException?.Message ?? e.Message);
    }

    [Fact]
    public void Long_pcm_keeps_every_sample_and_costs_four_bytes_each()
    {
        var samples = new float[100_000];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = MathF.Sin(i * 0.01f);
        var loop = new LoopReady { Pcm = [samples, samples.Reverse().ToArray()] };
        byte[] bytes = MessageSerializer.Serialize(loop);
        Assert.InRange(bytes.Length, 800_000, 800_200);
        var back = Assert.IsType<LoopReady>(MessageSerializer.Deserialize(bytes));
        Assert.Equal(samples, back.Pcm[0]);
        Assert.Equal(samples.Reverse(), back.Pcm[1]);
    }
}
