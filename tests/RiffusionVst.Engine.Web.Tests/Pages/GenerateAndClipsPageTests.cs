using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RiffusionVst.Engine.Web.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Pages;

/// <summary>The Generate page makes a clip with live progress; the Clips page lists it first and plays it.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed partial class GenerateAndClipsPageTests(ControlSurface surface)
{
    [Fact]
    public async Task A_render_shows_its_progress_then_its_clip_appears_first_in_Clips_and_plays()
    {
        IPage page = await surface.OpenPageAsync("#generate");
        // Every text the progress line shows, as the musician would have seen it.
        await page.EvaluateAsync("""
            () => {
              window.seenProgress = [];
              const line = document.getElementById('generate-progress');
              new MutationObserver(() => window.seenProgress.push(line.textContent)).observe(line, { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.FillAsync("input[name=promptA]", "marimba solo");
        await page.FillAsync("input[name=steps]", "400");
        await page.SelectOptionAsync("select[name=bars]", "1");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message")).ToContainTextAsync("Done: 1 bars at 120 BPM (2.00 s)", new() { Timeout = 120_000 });

        string[] seen = await page.EvaluateAsync<string[]>("() => window.seenProgress");
        Assert.Contains(seen, text => StepLine().IsMatch(text));
        string clipId = (await page.Locator("#generate-result figure").GetAttributeAsync("data-clip"))!;
        Assert.StartsWith("marimba-solo", clipId);

        await page.ClickAsync("nav a[data-tab=clips]");
        ILocator first = page.Locator("#clip-list li").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-clip", clipId);
        await Assertions.Expect(first.Locator(".prompt")).ToHaveTextAsync("marimba solo");
        await first.Locator("button.play").ClickAsync();
        // The page's audio element reported 'playing'.
        await Assertions.Expect(first).ToHaveAttributeAsync("data-played", "true", new() { Timeout = 60_000 });
        await Assertions.Expect(first.Locator("button.play")).ToHaveTextAsync("Stop");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clips_are_searched_by_prompt_and_deleted_into_the_trash_folder()
    {
        IPage page = await surface.OpenPageAsync("#generate");
        await page.FillAsync("input[name=promptA]", "zither drone to delete");
        await page.FillAsync("input[name=steps]", "4");
        await page.SelectOptionAsync("select[name=bars]", "1");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message")).ToContainTextAsync("Done", new() { Timeout = 120_000 });
        string clipId = (await page.Locator("#generate-result figure").GetAttributeAsync("data-clip"))!;

        await page.ClickAsync("nav a[data-tab=clips]");
        await page.FillAsync("#clip-search", "ZITHER");
        await Assertions.Expect(page.Locator("#clip-list li")).ToHaveCountAsync(1);
        await page.Locator($"#clip-list li[data-clip='{clipId}'] button.delete").ClickAsync();
        await Assertions.Expect(page.Locator("#clip-list li")).ToHaveCountAsync(0);
        Assert.True(File.Exists(Path.Combine(surface.Engine.ClipsFolder, "Trash", clipId + ".wav")));
        Assert.False(File.Exists(Path.Combine(surface.Engine.ClipsFolder, clipId + ".wav")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_clip_row_drags_out_as_a_download_of_its_wav()
    {
        IPage page = await surface.OpenPageAsync("#generate");
        await page.FillAsync("input[name=promptA]", "drag me");
        await page.FillAsync("input[name=steps]", "4");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message")).ToContainTextAsync("Done", new() { Timeout = 120_000 });
        string clipId = (await page.Locator("#generate-result figure").GetAttributeAsync("data-clip"))!;
        await page.ClickAsync("nav a[data-tab=clips]");
        // The list is fetched when the tab opens: drag only once the row is there.
        await Assertions.Expect(page.Locator($"#clip-list li[data-clip='{clipId}']")).ToBeVisibleAsync();

        string downloadUrl = await page.EvaluateAsync<string>("""
            id => {
              const row = document.querySelector(`#clip-list li[data-clip="${id}"]`);
              const data = new DataTransfer();
              row.dispatchEvent(new DragEvent('dragstart', { dataTransfer: data, bubbles: true }));
              return data.getData('DownloadURL');
            }
            """, clipId);
        Assert.Equal($"audio/wav:{clipId}.wav:{surface.Origin}/clips/{clipId}/audio", downloadUrl);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_spectrogram_image_seeds_a_render()
    {
        IPage page = await surface.OpenPageAsync("#generate");
        await page.FillAsync("input[name=promptA]", "seeded by a picture");
        await page.FillAsync("input[name=steps]", "4");
        await page.SelectOptionAsync("select[name=bars]", "1");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message")).ToContainTextAsync("Done", new() { Timeout = 120_000 });
        string clipId = (await page.Locator("#generate-result figure").GetAttributeAsync("data-clip"))!;
        byte[] png = File.ReadAllBytes(Path.Combine(surface.Engine.ClipsFolder, clipId + ".png"));

        await page.FillAsync("input[name=promptA]", "from the seed image");
        await page.SetInputFilesAsync("input[name=seedImage]", new FilePayload { Name = "seed.png", MimeType = "image/png", Buffer = png });
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message:not(.error)")).ToContainTextAsync("saved as from-the-seed-image", new() { Timeout = 120_000 });
        Assert.Contains(": request ", surface.Engine.LogText);
        Assert.Matches(@"'from the seed image'.*seed audio", surface.Engine.LogText);
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"^rendering \d+/\d+$")]
    private static partial Regex StepLine();
}
