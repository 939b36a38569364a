using System.Text.Json;
using Microsoft.Playwright;
using RiffusionVst.Engine.Web.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Pages;

/// <summary>The Jam page: Riffusion's endless jam, played with Web Audio on the bar while the engine renders ahead.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class JamPageTests(ControlSurface surface)
{
    private sealed record Scheduled(string ClipId, double Start, double Duration, int Bar, bool Repeat, string PromptA, string PromptB, long SeedA, long SeedB, double Alpha);

    private static async Task<Scheduled[]> ScheduledAsync(IPage page) =>
        JsonSerializer.Deserialize<Scheduled[]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.riffusionJam.scheduled)"),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

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
            var entries = await ScheduledAsync(page);
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
    public async Task With_one_prompt_the_seed_walks_and_a_new_prompt_morphs_in_by_alpha_steps()
    {
        IPage page = await surface.OpenPageAsync("#jam");
        await page.Locator("details.jam-settings summary").ClickAsync();
        await page.FillAsync("#jam-bpm", "120");
        await page.SelectOptionAsync("#jam-bars", "1");
        await page.FillAsync("#jam-steps", "4");
        await page.FillAsync("#jam-seed", "100");
        await page.FillAsync("#jam-velocity", "0.5");
        await page.FillAsync("#jam-prompt", "harp");
        await page.ClickAsync("#jam-play");
        await ControlSurface.WaitForAsync(async () => (await ScheduledAsync(page)).Length > 0 ? "started" : null, "the first clip");
        await page.FillAsync("#jam-prompt", "techno");
        await page.PressAsync("#jam-prompt", "Enter");

        Scheduled[] clips = await ControlSurface.WaitForAsync(async () =>
        {
            var distinct = (await ScheduledAsync(page)).Where(e => !e.Repeat).ToArray();
            return distinct.Count(e => e.PromptB == "techno") >= 2 ? distinct : null;
        }, "the new prompt to morph in");

        // Riffusion's walk at alpha velocity 0.5: harp seeds 100→101 at 0.5 and 1, then harp (seed 101) → techno (seed 102).
        var walk = clips.Select(c => (c.PromptA, c.SeedA, c.PromptB, c.SeedB, c.Alpha)).Take(4).ToArray();
        Assert.Equal([("harp", 100L, "harp", 101L, 0.5), ("harp", 100L, "harp", 101L, 1.0), ("harp", 101L, "techno", 102L, 0.5), ("harp", 101L, "techno", 102L, 1.0)], walk);
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
