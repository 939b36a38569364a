using Microsoft.Playwright;
using RiffusionVst.Engine.Web.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Pages;

/// <summary>
/// Pictures of each page with something on it, for the README: written to the folder named by RIFFUSION_SCREENSHOTS
/// (docs/screenshots when refreshing them), else to a temporary folder; each must be a PNG.
/// </summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class ScreenshotTests(ControlSurface surface)
{
    [Fact]
    public async Task Each_page_is_captured_as_a_png()
    {
        string? wanted = Environment.GetEnvironmentVariable("RIFFUSION_SCREENSHOTS") is { Length: > 0 } named ? named : null;
        string folder = wanted ?? Directory.CreateTempSubdirectory("riffusion-screenshots").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            await CaptureEachPage(folder);
        }
        finally
        {
            // Pictures not asked for are only checked, not kept: the suite leaves nothing in the temp folder.
            if (wanted is null)
                Directory.Delete(folder, recursive: true);
        }
    }

    private async Task CaptureEachPage(string folder)
    {
        surface.Plugin.Prompts.Set(0, "lo-fi piano, (vinyl crackle:1.2)");
        surface.Plugin.Prompts.Set(1, "dub techno chords, [reverb]");
        surface.Plugin.Parameters.Set(Plugin.Core.Parameters.ParameterId.Seed, 4242);
        await surface.PlayUntilGridReadyAsync();

        IPage page = await surface.OpenPageAsync("#generate");
        await page.FillAsync("input[name=promptA]", "funky bass line with drums");
        await page.FillAsync("input[name=promptB]", "jazz piano trio");
        await page.FillAsync("input[name=alpha]", "0.5");
        await page.FillAsync("input[name=steps]", "10");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message")).ToContainTextAsync("Done", new() { Timeout = 120_000 });
        await Capture(page, folder, "generate");

        await page.ClickAsync("nav a[data-tab=instances]");
        await Assertions.Expect(page.Locator(".editor[data-slot='0'] textarea").First).ToHaveValueAsync("lo-fi piano, (vinyl crackle:1.2)");
        await Capture(page, folder, "instances");

        await page.ClickAsync("nav a[data-tab=clips]");
        await Assertions.Expect(page.Locator("#clip-list li").First).ToBeVisibleAsync();
        await Capture(page, folder, "clips");

        await page.ClickAsync("nav a[data-tab=jam]");
        await page.Locator("details.jam-settings summary").ClickAsync();
        await page.FillAsync("#jam-bpm", "120");
        await page.SelectOptionAsync("#jam-bars", "1");
        await page.FillAsync("#jam-steps", "8");
        await page.FillAsync("#jam-prompt", "reggae fusion guitar");
        await page.Locator("details.jam-settings summary").ClickAsync();
        await page.ClickAsync("#jam-play");
        await Assertions.Expect(page.Locator("#jam-strip img")).ToHaveCountAsync(3, new() { Timeout = 120_000 });
        await Capture(page, folder, "jam");
        await page.Context.CloseAsync();
    }

    private static async Task Capture(IPage page, string folder, string name)
    {
        string path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        byte[] head = File.ReadAllBytes(path)[..8];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head);
    }
}
