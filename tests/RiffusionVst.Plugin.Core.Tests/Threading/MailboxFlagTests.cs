using RiffusionVst.Plugin.Core.Threading;

namespace RiffusionVst.Plugin.Core.Tests.Threading;

public class MailboxFlagTests
{
    [Fact]
    public void A_flag_never_raised_is_not_taken()
    {
        Assert.False(new MailboxFlag().TryTake());
    }

    [Fact]
    public void A_flag_raised_twice_is_taken_once()
    {
        var flag = new MailboxFlag();
        flag.Raise();
        flag.Raise();
        Assert.True(flag.TryTake());
        Assert.False(flag.TryTake());
    }

    [Fact]
    public void A_flag_raised_on_another_thread_is_taken_on_this_one()
    {
        var flag = new MailboxFlag();
        var raiser = new Thread(flag.Raise);
        raiser.Start();
        Assert.True(raiser.Join(TimeSpan.FromSeconds(30)));
        Assert.True(flag.TryTake());
        Assert.False(flag.TryTake());
    }
}
