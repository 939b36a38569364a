using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>The descriptors of all parameters, indexed by <see cref="ParameterId"/>.</summary>
public static class ParameterCatalog
{
    /// <summary>Number of prompt text slots a project holds.</summary>
    public const int PromptSlotCount = 8;

    /// <summary>Loop lengths in bars the plugin offers.</summary>
    public static IReadOnlyList<int> BarChoices { get; } = [1, 2, 4, 8];

    private static readonly ParameterDescriptor[] Descriptors = Build();

    /// <summary>All descriptors; position i describes <c>(ParameterId)i</c>.</summary>
    public static IReadOnlyList<ParameterDescriptor> All => Descriptors;

    /// <summary>Number of parameters.</summary>
    public static int Count => Descriptors.Length;

    /// <summary>The descriptor of one parameter.</summary>
    public static ParameterDescriptor Get(ParameterId id) => Descriptors[(int)id];

    /// <summary>Finds a parameter by its saved-state key; false when no parameter has that key.</summary>
    public static bool TryGetByKey(string key, out ParameterDescriptor descriptor)
    {
        foreach (var d in Descriptors)
        {
            if (d.Key == key)
            {
                descriptor = d;
                return true;
            }
        }
        descriptor = Descriptors[0];
        return false;
    }

    private static ParameterDescriptor[] Build()
    {
        string[] slotLabels = new string[PromptSlotCount];
        float[] slotValues = new float[PromptSlotCount];
        for (int i = 0; i < PromptSlotCount; i++)
        {
            slotValues[i] = i;
            slotLabels[i] = "Slot " + (i + 1);
        }

        var list = new ParameterDescriptor[]
        {
            ParameterDescriptor.Continuous(ParameterId.Alpha, "alpha", "Alpha", "", 0f, 1f, 0f, 3),
            ParameterDescriptor.Choice(ParameterId.PromptSlotA, "promptSlotA", "Prompt A", slotValues, slotLabels, 0f),
            ParameterDescriptor.Choice(ParameterId.PromptSlotB, "promptSlotB", "Prompt B", slotValues, slotLabels, 1f),
            ParameterDescriptor.Continuous(ParameterId.Denoising, "denoising", "Denoising", "", 0f, 1f, 0.75f, 2),
            ParameterDescriptor.Continuous(ParameterId.Guidance, "guidance", "Guidance", "", 0f, 20f, 7f, 1),
            ParameterDescriptor.Integer(ParameterId.Seed, "seed", "Seed", 0, 65535, 42),
            ParameterDescriptor.Choice(ParameterId.Bars, "bars", "Bars", [1f, 2f, 4f, 8f], ["1 bar", "2 bars", "4 bars", "8 bars"], 2f),
            ParameterDescriptor.Integer(ParameterId.BeatsPerBar, "beatsPerBar", "Beats per bar", ProtocolLimits.MinBeatsPerBar, ProtocolLimits.MaxBeatsPerBar, 4),
            ParameterDescriptor.Choice(ParameterId.SeedPattern, "seedPattern", "Seed pattern", [0f, 1f, 2f, 3f, 4f, 5f],
                ["Four on the floor", "Boom-bap", "Half-time", "Breakbeat", "Shuffle", "None"], 0f),
            ParameterDescriptor.Toggle(ParameterId.Evolve, "evolve", "Evolve", false),
            ParameterDescriptor.Toggle(ParameterId.Regenerate, "regenerate", "Regenerate", false),
            ParameterDescriptor.Continuous(ParameterId.OutputGain, "outputGain", "Output gain", "dB", -60f, 12f, 0f, 1, "-inf"),
            ParameterDescriptor.Continuous(ParameterId.DryWet, "dryWet", "Dry/wet", "", 0f, 1f, 1f, 2),
            ParameterDescriptor.Toggle(ParameterId.Freeze, "freeze", "Freeze", false),
        };
        for (int i = 0; i < list.Length; i++)
        {
            if ((int)list[i].Id != i)
                throw new InvalidOperationException($"Parameter catalog out of order at {i}: {list[i].Id}.");
        }
        return list;
    }
}
