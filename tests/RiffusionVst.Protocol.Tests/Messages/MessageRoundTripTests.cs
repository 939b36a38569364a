using MessagePack;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Serialization;

namespace RiffusionVst.Protocol.Tests.Messages;

public class MessageRoundTripTests
{
    [Theory]
    [MemberData(nameof(SampleMessages.AllAsTheoryData), MemberType = typeof(SampleMessages))]
    public void Every_message_kind_survives_encoding(int index, string kind)
    {
        Message original = SampleMessages.ByIndex(index);
        Message decoded = MessageSerializer.Deserialize(MessageSerializer.Serialize(original));
        Assert.Equal(kind, decoded.GetType().Name);
        MessageAssert.Equivalent(original, decoded);
    }

    [Fact]
    public void Every_concrete_message_type_is_in_the_union_and_in_the_samples()
    {
        Type[] concrete = typeof(Message).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Message)) && !t.IsAbstract).ToArray();
        Type[] inUnion = typeof(Message).GetCustomAttributes(typeof(UnionAttribute), false).Cast<UnionAttribute>().Select(u => u.SubType).ToArray();
        Type[] sampled = SampleMessages.All().Select(m => m.GetType()).Distinct().ToArray();
        Assert.Equal(concrete.OrderBy(t => t.Name), inUnion.OrderBy(t => t.Name));
        Assert.Equal(concrete.OrderBy(t => t.Name), sampled.OrderBy(t => t.Name));
    }

    [Fact]
    public void Union_keys_are_unique()
    {
        int[] keys = typeof(Message).GetCustomAttributes(typeof(UnionAttribute), false).Cast<UnionAttribute>().Select(u => u.Key).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Wire_form_of_a_ping_is_a_union_pair_with_a_two_field_array()
    {
        // Worked by hand: [8, [300, 5]] → 0x92 0x08 0x92 0xcd 0x01 0x2c 0x05.
        byte[] bytes = MessageSerializer.Serialize(new Ping { Timestamp = 300, Echo = 5 });
        Assert.Equal(new byte[] { 0x92, 0x08, 0x92, 0xcd, 0x01, 0x2c, 0x05 }, bytes);
    }

    [Fact]
    public void A_newer_peer_adding_fields_is_still_understood()
    {
        // [8, [300, 5, "extra"]]: a Ping with a third member this version does not know.
        byte[] bytes = [0x92, 0x08, 0x93, 0xcd, 0x01, 0x2c, 0x05, 0xa1, (byte)'x'];
        var ping = Assert.IsType<Ping>(MessageSerializer.Deserialize(bytes));
        Assert.Equal(300, ping.Timestamp);
        Assert.Equal(5, ping.Echo);
    }

    [Fact]
    public void An_unknown_message_kind_is_refused_with_a_message()
    {
        byte[] bytes = [0x92, 0x7f, 0x90]; // [127, []]
        var e = Assert.Throws<MessagePackSerializationException>(() => MessageSerializer.Deserialize(bytes));
        Assert.Contains("unknown message kind", e.Message);
    }

    [Fact]
    public void Trailing_bytes_after_a_message_are_refused()
    {
        byte[] bytes = [0x92, 0x08, 0x92, 0x01, 0x02, 0xc0];
        var e = Assert.Throws<MessagePackSerializationException>(() => MessageSerializer.Deserialize(bytes));
        Assert.Contains("left over", e.Message);
    }

    [Fact]
    public void Alpha_grid_is_rendered_nearest_to_the_current_alpha_first()
    {
        var request = new RenderRequest { AlphaGrid = [0f, 0.25f, 0.5f, 0.75f, 1f, 0.5f], CurrentAlpha = 0.6f };
        // Distances: 0.5→0.1, 0.75→0.15, 0.25→0.35, 1→0.4, 0→0.6; the duplicate 0.5 is rendered once.
        Assert.Equal(new[] { 0.5f, 0.75f, 0.25f, 1f, 0f }, request.AlphasInRenderOrder());
    }

    [Fact]
    public void A_single_alpha_renders_just_that_alpha()
    {
        Assert.Equal(new[] { 0.3f }, new RenderRequest { Alpha = 0.3f }.AlphasInRenderOrder());
    }

    [Theory]
    // 2 bars of 4/4 at 120 BPM at 44.1 kHz: 8 beats × 0.5 s = 4 s = 176 400 samples.
    [InlineData(120.0, 2, 4, 44100, 176400L)]
    // Riffusion's native grid: 2 bars at 93.75 BPM = 5.12 s; at 44.1 kHz 225 792 samples.
    [InlineData(93.75, 2, 4, 44100, 225792L)]
    // 1 bar of 3/4 at 140 BPM at 48 kHz: 3 × 60/140 × 48000 = 61 714.2857… → 61 714.
    [InlineData(140.0, 1, 3, 48000, 61714L)]
    // 1 bar of 4/4 at 128 BPM at 44.1 kHz: 4 × 60/128 × 44100 = 82 687.5 → 82 688 (half rounds away from zero).
    [InlineData(128.0, 1, 4, 44100, 82688L)]
    public void Loop_length_follows_the_contract(double bpm, int bars, int beatsPerBar, int rate, long expected)
    {
        Assert.Equal(expected, LoopLength.Samples(bpm, bars, beatsPerBar, rate));
    }

    [Theory]
    [InlineData(0.0, 2, 4, 44100.0)]
    [InlineData(double.NaN, 2, 4, 44100.0)]
    [InlineData(double.PositiveInfinity, 2, 4, 44100.0)]
    [InlineData(120.0, 0, 4, 44100.0)]
    [InlineData(120.0, 2, 0, 44100.0)]
    [InlineData(120.0, 2, 4, 0.0)]
    public void The_non_throwing_length_is_zero_for_impossible_values(double bpm, int bars, int beatsPerBar, double rate)
    {
        Assert.Equal(0L, LoopLength.SamplesOrZero(bars, beatsPerBar, bpm, rate));
    }

    [Fact]
    public void The_non_throwing_length_follows_the_same_rule()
    {
        // 1 bar of 4/4 at 128 BPM at 44.1 kHz: 82 687.5 → 82 688, as Samples gives.
        Assert.Equal(82688L, LoopLength.SamplesOrZero(1, 4, 128.0, 44100.0));
    }
}
