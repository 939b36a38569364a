using RiffusionVst.Protocol.Transport;

namespace RiffusionVst.Protocol.Tests.Transport;

/// <summary>Lock files: random and --pipe names leave nothing in the temp folder; per-user default names keep theirs.</summary>
public class PipeNameLockTests
{
    private static string LockFile(string name) => Path.Combine(Path.GetTempPath(), $"riffusion-vst-{name}.lock");

    [Fact]
    public async Task A_listener_on_a_random_name_leaves_no_lock_file_behind()
    {
        string name = PipeTestKit.UniqueName();
        await using (await PipeListener.StartAsync(name, PipeTestKit.NoProbe))
        {
            Assert.True(File.Exists(LockFile(name)));
        }

        Assert.False(File.Exists(LockFile(name)));
    }

    [Fact]
    public async Task The_name_can_be_taken_again_after_its_lock_file_was_deleted()
    {
        string name = PipeTestKit.UniqueName();
        await using (await PipeListener.StartAsync(name, PipeTestKit.NoProbe))
        {
        }

        await using (await PipeListener.StartAsync(name, PipeTestKit.NoProbe))
        {
            await Assert.ThrowsAsync<PipeNameInUseException>(async () => await PipeListener.StartAsync(name, PipeTestKit.NoProbe));
        }

        Assert.False(File.Exists(LockFile(name)));
    }

    [Fact]
    public async Task The_lock_file_of_a_per_user_default_name_stays_for_the_next_engine()
    {
        string name = PipeNames.Prefix + "locktest-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (await PipeListener.StartAsync(name, PipeTestKit.NoProbe))
            {
            }

            Assert.True(File.Exists(LockFile(name)));
        }
        finally
        {
            File.Delete(LockFile(name));
        }
    }
}
