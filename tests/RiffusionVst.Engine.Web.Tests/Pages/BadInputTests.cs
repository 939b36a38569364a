using Microsoft.Playwright;
using RiffusionVst.Engine.Web.Tests.Hosting;

namespace RiffusionVst.Engine.Web.Tests.Pages;

/// <summary>Bad input on every form gets one message naming the problem, and the engine keeps serving.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class BadInputTests(ControlSurface surface)
{
    [Fact]
    public async Task The_generate_form_names_each_problem_and_then_still_renders()
    {
        IPage page = await surface.OpenPageAsync("#generate");
        ILocator message = page.Locator("#generate-message.error");

        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(message).ToContainTextAsync("The prompt is empty");

        await page.FillAsync("input[name=promptA]", "steel drums");
        await page.FillAsync("input[name=bpm]", "0");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(message).ToContainTextAsync("BPM is 0");

        await page.FillAsync("input[name=bpm]", "120");
        await page.SetInputFilesAsync("input[name=seedAudio]", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "just some text"u8.ToArray() });
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(message).ToContainTextAsync("'notes.txt' is not a WAV, AIFF or MP3 file");

        await page.SetInputFilesAsync("input[name=seedAudio]", Array.Empty<FilePayload>());
        await page.SetInputFilesAsync("input[name=seedImage]", new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = "not a png"u8.ToArray() });
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(message).ToContainTextAsync("The seed image could not be used");

        // The engine kept serving: the same form, mended, renders.
        await page.SetInputFilesAsync("input[name=seedImage]", Array.Empty<FilePayload>());
        await page.FillAsync("input[name=steps]", "4");
        await page.ClickAsync("#generate-form button[type=submit]");
        await Assertions.Expect(page.Locator("#generate-message:not(.error)")).ToContainTextAsync("Done", new() { Timeout = 120_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_jam_names_an_empty_prompt_and_a_zero_tempo()
    {
        IPage page = await surface.OpenPageAsync("#jam");
        ILocator message = page.Locator("#jam-message.error");
        await page.ClickAsync("#jam-play");
        await Assertions.Expect(message).ToContainTextAsync("Type a prompt first");

        await page.FillAsync("#jam-prompt", "harp");
        await page.Locator("details.jam-settings summary").ClickAsync();
        await page.FillAsync("#jam-bpm", "0");
        await page.ClickAsync("#jam-play");
        await Assertions.Expect(message).ToContainTextAsync("BPM must be a number above 0");
        await Assertions.Expect(page.Locator("#jam-play")).ToHaveTextAsync("Play");

        // A value only the engine refuses: the jam stops with the engine's message instead of asking again and again.
        await page.FillAsync("#jam-bpm", "120");
        await page.FillAsync("#jam-steps", "0");
        await page.ClickAsync("#jam-play");
        await Assertions.Expect(message).ToContainTextAsync("Steps", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#jam-play")).ToHaveTextAsync("Play");
        await Assertions.Expect(page.Locator("#jam-status")).ToHaveTextAsync("Stopped.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_prompt_slot_over_the_length_limit_is_refused_with_a_message_and_the_plugin_keeps_its_text()
    {
        string id = surface.Plugin.InstanceId.ToString();
        string before = surface.Plugin.Prompts[5];
        IPage page = await surface.OpenPageAsync("#instance=" + id);
        ILocator slot = page.Locator($"[data-instance='{id}'] .editor[data-slot='5'] textarea");
        await slot.FillAsync(new string('a', 20_000));
        await slot.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"[data-instance='{id}'] .message.error")).ToContainTextAsync("characters");
        Assert.Equal(before, surface.Plugin.Prompts[5]);
        await page.Context.CloseAsync();
    }
}
