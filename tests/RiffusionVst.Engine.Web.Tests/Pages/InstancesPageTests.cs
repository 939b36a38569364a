using Microsoft.Playwright;
using RiffusionVst.Engine.Web.Tests.Hosting;
using RiffusionVst.Plugin.Acceptance.Tests.Hosting;
using RiffusionVst.Plugin.Core.State;

namespace RiffusionVst.Engine.Web.Tests.Pages;

/// <summary>The Instances page in a real browser against the real engine and a real plugin core instance on the pipe.</summary>
[Collection(ControlSurfaceCollection.Name)]
public sealed class InstancesPageTests(ControlSurface surface)
{
    private string Id => surface.Plugin.InstanceId.ToString();

    [Fact]
    public async Task A_prompt_slot_edited_on_the_page_reaches_the_plugin_and_its_saved_state()
    {
        IPage page = await surface.OpenPageAsync("#instance=" + Id);
        const string text = "(dub techno:1.3), [vinyl] chords";
        ILocator slot = page.Locator($"[data-instance='{Id}'] .editor[data-slot='2'] textarea");
        await slot.FillAsync(text);
        await slot.PressAsync("Enter");

        await ControlSurface.WaitForAsync(() => surface.Plugin.Prompts[2] == text ? text : null, "the plugin's slot 3 to change");
        StateLoadResult saved = PluginStateSerializer.Load(surface.Plugin.SaveState());
        Assert.Null(saved.Warning);
        Assert.Equal(text, saved.State.PromptTexts[2]);
        // The weighting is highlighted as typed: the weight, the emphasised and the de-emphasised words.
        Assert.Equal(":1.3", await page.Locator($"[data-instance='{Id}'] .editor[data-slot='2'] pre .w-num").InnerTextAsync());
        Assert.Equal("vinyl", await page.Locator($"[data-instance='{Id}'] .editor[data-slot='2'] pre .w-down").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_render_of_the_plugin_shows_live_on_its_card_with_its_tempo_and_grid_spectrograms()
    {
        IPage page = await surface.OpenPageAsync("#instance=" + Id);
        ILocator card = page.Locator($"[data-instance='{Id}']");
        await page.EvaluateAsync("""
            id => {
              window.seenStatus = [];
              const line = document.querySelector(`[data-instance="${id}"] .status`);
              new MutationObserver(() => window.seenStatus.push(line.textContent)).observe(line, { childList: true, characterData: true, subtree: true });
            }
            """, Id);
        surface.Plugin.Parameters.Set(Plugin.Core.Parameters.ParameterId.Seed, 777); // a grid this collection has not rendered yet
        await surface.PlayUntilGridReadyAsync();

        // The plugin core's grid of two points (alpha 0 and 1) shows as two spectrograms, at the host's tempo.
        await Assertions.Expect(card.Locator(".grid-images img")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Assertions.Expect(card.Locator(".facts")).ToContainTextAsync("120.00 BPM");
        string[] seen = await page.EvaluateAsync<string[]>("() => window.seenStatus");
        Assert.Contains(seen, text => System.Text.RegularExpressions.Regex.IsMatch(text, @"^rendering \d+/2 \(alpha [01]\.000\)$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Regenerate_on_the_page_presses_the_plugins_regenerate()
    {
        IPage page = await surface.OpenPageAsync();
        int before = surface.Plugin.Parameters.RegenerateCount;
        await page.Locator($"[data-instance='{Id}'] button", new() { HasText = "Regenerate" }).ClickAsync();
        await ControlSurface.WaitForAsync(() => surface.Plugin.Parameters.RegenerateCount == before + 1 ? "pressed" : null, "the plugin's regenerate to rise");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Instances_appear_and_go_on_the_open_page_as_they_connect_and_leave()
    {
        IPage page = await surface.OpenPageAsync();
        await Assertions.Expect(page.Locator("article.instance")).ToHaveCountAsync(1);
        await using (var second = new PluginInstance(surface.Engine))
        {
            second.Start();
            await Assertions.Expect(page.Locator($"[data-instance='{second.InstanceId}']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("article.instance")).ToHaveCountAsync(2);
        }
        await Assertions.Expect(page.Locator("article.instance")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_slot_set_by_the_plugin_shows_on_the_page_with_its_A_and_B_marks()
    {
        surface.Plugin.Prompts.Set(6, "slot seven from the plugin");
        IPage page = await surface.OpenPageAsync("#instance=" + Id);
        ILocator slot = page.Locator($"[data-instance='{Id}'] .editor[data-slot='6'] textarea");
        await Assertions.Expect(slot).ToHaveValueAsync("slot seven from the plugin");
        // The plugin's defaults: A is slot 1, B is slot 2.
        Assert.Equal(["A", "B"], await page.Locator($"[data-instance='{Id}'] .marks span").AllInnerTextsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_name_given_on_the_page_renames_the_plugin_instance_and_is_saved_with_it()
    {
        IPage page = await surface.OpenPageAsync();
        ILocator name = page.Locator($"[data-instance='{Id}'] input.name");
        await name.FillAsync("Bass line, bridge");
        await name.PressAsync("Tab");

        await ControlSurface.WaitForAsync(() => surface.Plugin.Client.Name == "Bass line, bridge" ? "renamed" : null, "the plugin to take the name");
        var state = PluginState.Capture(surface.Plugin.Parameters, surface.Plugin.Prompts, surface.Plugin.InstanceId);
        state.Name = surface.Plugin.Client.Name;
        Assert.Equal("Bass line, bridge", PluginStateSerializer.Load(PluginStateSerializer.Save(state)).State.Name);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_plugin_asks_the_engine_for_its_page_address_and_that_page_opens_at_the_instance()
    {
        string expected = $"{surface.PageUrl}#instance={Id}";
        await ControlSurface.WaitForAsync(() => surface.Plugin.Client.PageUrl == expected ? expected : null, "the plugin to learn its page address");

        IPage page = await surface.OpenPageAsync("#instance=" + Id);
        await Assertions.Expect(page.Locator($"[data-instance='{Id}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("highlight"));
        Assert.EndsWith("/#instance=" + Id, page.Url); // the token left the address bar
        await page.Context.CloseAsync();
    }
}
