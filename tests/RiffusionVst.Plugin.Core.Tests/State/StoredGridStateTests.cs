using System.Text;
using System.Text.Json.Nodes;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.State;

namespace RiffusionVst.Plugin.Core.Tests.State;

public class StoredGridStateTests
{
    private static byte[] SaveWithGrid(StoredGrid grid, Action<PluginParameters>? configure = null)
    {
        var parameters = new PluginParameters();
        configure?.Invoke(parameters);
        var prompts = new PromptSlots();
        prompts.Set(2, "vinyl breakbeat");
        return PluginStateSerializer.Save(PluginState.Capture(parameters, prompts, Guid.NewGuid(), grid));
    }

    private static byte[] Edit(byte[] state, Action<JsonNode> edit)
    {
        JsonNode json = JsonNode.Parse(state)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    [Fact]
    public void Version_2_state_keeps_every_image_byte_for_byte_with_the_settings_that_made_them()
    {
        StoredGrid grid = TestPngs.Grid(points: 3);
        byte[] saved = SaveWithGrid(grid);

        StateLoadResult loaded = PluginStateSerializer.Load(saved);
        Assert.Null(loaded.Warning);
        Assert.Equal(2, JsonNode.Parse(saved)!["version"]!.GetValue<int>());
        StoredGrid back = loaded.State.Grid!;
        Assert.Equal(grid.Settings, back.Settings);
        Assert.Equal(3, back.PointCount);
        Assert.Equal([0f, 0.5f, 1f], back.Points.Select(p => p.Alpha));
        for (int i = 0; i < 3; i++)
            Assert.Equal(grid.Points[i].Png, back.Points[i].Png);
    }

    [Fact]
    public void A_version_1_state_loads_its_parameters_and_prompts_with_no_grid_and_no_warning()
    {
        const string v1 = """{"format":"RiffusionVst.State","version":1,"instanceId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","parameters":{"bars":8,"alpha":0.5},"promptSlots":["a","b","c","d","e","f","g","h"]}""";
        StateLoadResult loaded = PluginStateSerializer.Load(Encoding.UTF8.GetBytes(v1));
        Assert.Null(loaded.Warning);
        Assert.Null(loaded.State.Grid);
        Assert.Equal(8f, loaded.State.Values[(int)ParameterId.Bars]);
        Assert.Equal(0f, loaded.State.Values[(int)ParameterId.Freeze]);
        Assert.Equal("c", loaded.State.PromptTexts[2]);
    }

    [Fact]
    public void Freeze_is_saved_like_any_parameter()
    {
        byte[] saved = SaveWithGrid(TestPngs.Grid(), p => p.Set(ParameterId.Freeze, 1));
        Assert.Equal(1f, PluginStateSerializer.Load(saved).State.Values[(int)ParameterId.Freeze]);
    }

    public static TheoryData<string, string> DamagedGrids => new()
    {
        { "damaged image", "image 2 is unusable: its bytes are damaged (a checksum does not match)" },
        { "image of another size", "image 1 is unusable: it is 1024×512 where the loop needs 512×512" },
        { "not base64", "image 3 is not readable base64" },
        { "missing image", "the grid does not hold 3 images" },
        { "repeated index", "an image of the grid has a missing, repeated or impossible index" },
        { "impossible bars", "the grid is 0 bars of 4 beats" },
        { "no settings", "the grid has no settings" },
    };

    [Theory]
    [MemberData(nameof(DamagedGrids))]
    public void A_damaged_grid_is_dropped_with_a_warning_while_parameters_and_prompts_load(string damage, string reason)
    {
        byte[] saved = SaveWithGrid(TestPngs.Grid(points: 3), p => p.Set(ParameterId.Seed, 777));
        byte[] bad = Edit(saved, json =>
        {
            JsonNode grid = json["grid"]!;
            JsonArray points = grid["points"]!.AsArray();
            switch (damage)
            {
                case "damaged image":
                    byte[] png = Convert.FromBase64String(points[1]!["png"]!.GetValue<string>());
                    png[png.Length / 2] ^= 0x40;
                    points[1]!["png"] = Convert.ToBase64String(png);
                    break;
                case "image of another size":
                    points[0]!["png"] = Convert.ToBase64String(TestPngs.Grey(1024, 512));
                    break;
                case "not base64":
                    points[2]!["png"] = "%%% not base64 %%%";
                    break;
                case "missing image":
                    points.RemoveAt(1);
                    break;
                case "repeated index":
                    points[2]!["index"] = 0;
                    break;
                case "impossible bars":
                    grid["settings"]!["bars"] = 0;
                    break;
                case "no settings":
                    grid.AsObject().Remove("settings");
                    break;
            }
        });

        StateLoadResult loaded = PluginStateSerializer.Load(bad);
        Assert.Null(loaded.State.Grid);
        Assert.Equal($"Loaded the project with changes: its stored loops were unusable ({reason}); the engine renders them anew.", loaded.Warning);
        Assert.Equal(777f, loaded.State.Values[(int)ParameterId.Seed]);
        Assert.Equal("vinyl breakbeat", loaded.State.PromptTexts[2]);
    }

    [Fact]
    public void The_grid_of_a_state_from_an_unknown_newer_version_is_not_used()
    {
        byte[] saved = Edit(SaveWithGrid(TestPngs.Grid()), json => json["version"] = 3);
        StateLoadResult loaded = PluginStateSerializer.Load(saved);
        Assert.Null(loaded.State.Grid);
        Assert.Contains("newer version (3)", loaded.Warning, StringComparison.Ordinal);
        Assert.Contains("its stored loops are of a newer format and were not used; the engine renders them anew", loaded.Warning, StringComparison.Ordinal);
        Assert.Equal("vinyl breakbeat", loaded.State.PromptTexts[2]);
    }

    [Fact]
    public void A_stored_grid_must_hold_one_image_for_every_index()
    {
        StoredGrid grid = TestPngs.Grid(points: 3);
        var e = Assert.Throws<ArgumentException>(() => new StoredGrid(grid.Settings, 3, [grid.Points[0], grid.Points[0], grid.Points[2]]));
        Assert.StartsWith("A stored grid of 3 points needs exactly one image for each index 0–2.", e.Message, StringComparison.Ordinal);
    }
}
