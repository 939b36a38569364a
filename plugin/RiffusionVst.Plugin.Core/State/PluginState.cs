using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Plugin.Core.State;

/// <summary>Everything a project saves: every parameter's plain value, the eight prompt texts, and the grid in use (its images).</summary>
public sealed class PluginState
{
    /// <summary>A state holding all defaults.</summary>
    public PluginState()
    {
        Values = ParameterCatalog.All.Select(d => d.DefaultValue).ToArray();
        PromptTexts = Enumerable.Range(0, ParameterCatalog.PromptSlotCount).Select(PromptSlots.DefaultText).ToArray();
    }

    /// <summary>Plain parameter values, indexed by <see cref="ParameterId"/>.</summary>
    public float[] Values { get; }

    /// <summary>The eight prompt texts.</summary>
    public string[] PromptTexts { get; }

    /// <summary>Identity of the plugin instance, kept across saves so the engine and CLI recognise it (new for a fresh instance).</summary>
    public Guid InstanceId { get; set; } = Guid.NewGuid();

    /// <summary>The name the user gave the instance (on the engine's control page); empty for none.</summary>
    public string Name { get; set; } = "";

    /// <summary>A name as saved and shown: trimmed, one line, at most <see cref="RenameInstance.MaxNameLength"/> characters.</summary>
    public static string CleanName(string? name)
    {
        string text = (name ?? "").ReplaceLineEndings(" ").Trim();
        return text.Length <= RenameInstance.MaxNameLength ? text : text[..RenameInstance.MaxNameLength];
    }


    /// <summary>The grid in use when the project was saved, so it plays again with no diffusion; null when there was none.</summary>
    public StoredGrid? Grid { get; set; }

    /// <summary>Takes a snapshot of live parameters and prompt slots and the grid in use, under the instance's id (a new one when null).</summary>
    public static PluginState Capture(PluginParameters parameters, PromptSlots prompts, Guid? instanceId = null, StoredGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(prompts);
        var state = new PluginState();
        foreach (var d in ParameterCatalog.All)
            state.Values[(int)d.Id] = parameters.Get(d.Id);
        prompts.ToArray().CopyTo(state.PromptTexts, 0);
        if (instanceId is { } id && id != Guid.Empty)
            state.InstanceId = id;
        state.Grid = grid;
        return state;
    }

    /// <summary>Writes this state into live parameters and prompt slots.</summary>
    public void ApplyTo(PluginParameters parameters, PromptSlots prompts)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(prompts);
        foreach (var d in ParameterCatalog.All)
            parameters.Set(d.Id, d.Id == ParameterId.Regenerate ? 0f : Values[(int)d.Id]);
        for (int i = 0; i < PromptTexts.Length; i++)
            prompts.Set(i, PromptTexts[i]);
    }
}
