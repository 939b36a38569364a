using System.Text.Json;
using Microsoft.Playwright;
using RiffusionVst.Engine.Web.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Pages;

/// <summary>The Jam page: Riffusion's endless jam, played with Web Audio on the bar while the engine renders ahead.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class JamPageTests(ControlSurface surface)
{
    private sealed record Scheduled(string ClipId, double Start, double Duration, int Bar, bool Repeat);

    [Fact]
    public async Task A_jam_plays_two_clips_in_a_row_the_next_scheduled_on_the_bar()
    {
        IPage page = await surface.OpenPageAsync("#jam");
        await page.Locator("details.jam-settings summary").ClickAsync();
        await page.FillAsync("#jam-bpm", "120");
        await page.SelectOptionAsync("#jam-bars", "1");
        await page.FillAsync("#jam-steps", "8");
        await page.FillAsync("#jam-prompt", "church bells");
        await page.ClickAsync("#jam-play");

        // Wait until a second, different clip has been scheduled and its start has passed on the audio clock.
        Scheduled[] log = await ControlSurface.WaitForAsync(async () =>
        {
            var entries = JsonSerializer.Deserialize<Scheduled[]>(
                await page.EvaluateAsync<string>("() => JSON.stringify(window.riffusionJam.scheduled)"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            double now = await page.EvaluateAsync<double>("() => window.riffusionJam.currentTime");
            int next = Array.FindIndex(entries, e => e.ClipId != entries[0].ClipId);
            return next > 0 && now > entries[next].Start ? entries[..(next + 1)] : null;
        }, "the jam to play a second clip");

        const double barSeconds = 4 * 60 / 120.0;
        Assert.All(log, e => Assert.Equal(barSeconds, e.Duration, 9)); // one bar at 120 BPM: 2 s exactly
        for (int i = 1; i < log.Length; i++)
        {
            Assert.Equal(log[i - 1].Start + log[i - 1].Duration, log[i].Start, 9); // gapless: each starts where the last ends
            Assert.Equal(log[i - 1].Bar + 1, log[i].Bar);
        }
        Assert.False(log[^1].Repeat);
        Assert.NotEqual(log[0].ClipId, log[^1].ClipId);
        await Assertions.Expect(page.Locator("#jam-strip img")).Not.ToHaveCountAsync(0);

        await page.ClickAsync("#jam-share");
        string link = await page.InputValueAsync("#jam-share-link");
        Assert.Equal($"{surface.Origin}/?prompt=church+bells&seed=42&denoising=0.75&seedImageId=four-on-the-floor&alphaVelocity=0.25&guidance=7&numInferenceSteps=8#jam", link);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_share_link_fills_in_the_jam_with_riffusions_parameter_names()
    {
        IPage page = await surface.OpenPageAsync();
        await page.GotoAsync($"{surface.Origin}/?prompt=lo-fi+beat&seed=7&denoising=0.85&seedImageId=boom-bap&alphaVelocity=0.5#jam");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        Assert.True(await page.Locator("#jam").IsVisibleAsync());
        Assert.Equal("lo-fi beat", await page.InputValueAsync("#jam-prompt"));
        Assert.Equal("7", await page.InputValueAsync("#jam-seed"));
        Assert.Equal("0.85", await page.InputValueAsync("#jam-denoising"));
        Assert.Equal("boom-bap", await page.InputValueAsync("#jam-seed-image"));
        Assert.Equal("0.5", await page.InputValueAsync("#jam-velocity"));
        await page.Context.CloseAsync();
    }
}
