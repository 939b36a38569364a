namespace RiffusionVst.Plugin.Core.Tests.Engine;

/// <summary>Waits for a condition that another thread brings about (a generous limit, not a timing assertion).</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
                Assert.Fail("Gave up waiting: " + what);
            await Task.Delay(5);
        }
    }
}
