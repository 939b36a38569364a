using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Protocol.Tests.Transport;

public class PipeNamesTests
{
    [Fact]
    public void A_plain_user_name_is_kept_as_is() => Assert.Equal("riffusion-vst-alice", PipeNames.ForUser("alice"));

    [Theory]
    [InlineData("Alice")]
    [InlineData("DOMAIN\\bob smith")]
    [InlineData("Jürgen.Müller")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    [InlineData("a-very-long-user-name-that-goes-on-and-on-and-on")]
    public void Any_user_name_gives_a_safe_bounded_name(string user)
    {
        string name = PipeNames.ForUser(user);
        Assert.True(PipeNames.IsValid(name), name);
        Assert.StartsWith(PipeNames.Prefix, name);
        Assert.DoesNotContain("/", name);
        Assert.DoesNotContain("\\", name);
        Assert.InRange(name.Length, PipeNames.Prefix.Length + 1, PipeNames.MaxLength);
    }

    [Fact]
    public void The_name_is_stable_and_users_differing_only_in_punctuation_do_not_collide()
    {
        // FNV-1a of "a.b" and "a_b" differ, and the suffix makes the names differ though both clean to "a-b".
        Assert.Equal(PipeNames.ForUser("a.b"), PipeNames.ForUser("a.b"));
        Assert.NotEqual(PipeNames.ForUser("a.b"), PipeNames.ForUser("a_b"));
        Assert.NotEqual(PipeNames.ForUser("Alice"), PipeNames.ForUser("alice"));
        // FNV-1a 32 of "Alice", worked from the definition: offset 2166136261, prime 16777619.
        Assert.Equal("riffusion-vst-lice-" + Fnv1a("Alice").ToString("x8"), PipeNames.ForUser("Alice"));
    }

    [Fact]
    public void The_default_is_the_current_users_name() => Assert.Equal(PipeNames.ForUser(Environment.UserName), PipeNames.Default);

    [Fact]
    public void An_explicit_name_wins_and_a_bad_one_is_refused_with_advice()
    {
        Assert.Equal("my-engine", PipeNames.Resolve("my-engine"));
        var e = Assert.Throws<ArgumentException>(() => PipeNames.Resolve("../x"));
        Assert.Contains("letters, digits", e.Message);
    }

    private static uint Fnv1a(string s)
    {
        ulong h = 2166136261;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(s))
            h = ((h ^ b) * 16777619) % 4294967296;
        return (uint)h;
    }
}
