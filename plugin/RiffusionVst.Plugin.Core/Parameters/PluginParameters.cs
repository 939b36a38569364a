namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>
/// Current plain values of all parameters, stored as atomics so the audio thread, the host's
/// UI thread and the engine client read and write them without locks or allocation.
/// </summary>
public sealed class PluginParameters
{
    private readonly int[] _bits = new int[ParameterCatalog.Count];
    private int _regenerateCount;
    private int _changeCount;

    /// <summary>Creates a set holding every parameter's default.</summary>
    public PluginParameters() => ResetToDefaults();

    /// <summary>Times the Regenerate parameter rose from off to on; the engine client compares it with the last value it saw.</summary>
    public int RegenerateCount => Volatile.Read(ref _regenerateCount);

    /// <summary>Increases on every value change, so a background thread can poll for changes cheaply.</summary>
    public int ChangeCount => Volatile.Read(ref _changeCount);

    /// <summary>Plain value of a parameter. Lock-free.</summary>
    public float Get(ParameterId id) => BitConverter.Int32BitsToSingle(Volatile.Read(ref _bits[Index(id)]));

    /// <summary>Sets a plain value (clamped and snapped to the parameter's steps). Lock-free and allocation-free.</summary>
    public void Set(ParameterId id, float plainValue)
    {
        int index = Index(id);
        float value = ParameterCatalog.Get(id).Sanitize(plainValue);
        int newBits = BitConverter.SingleToInt32Bits(value);
        int oldBits = Interlocked.Exchange(ref _bits[index], newBits);
        if (oldBits == newBits)
            return;
        if (id == ParameterId.Regenerate && value >= 0.5f && BitConverter.Int32BitsToSingle(oldBits) < 0.5f)
            Interlocked.Increment(ref _regenerateCount);
        Interlocked.Increment(ref _changeCount);
    }

    /// <summary>Host-normalised 0–1 value of a parameter.</summary>
    public float GetNormalized(ParameterId id) => ParameterCatalog.Get(id).ToNormalized(Get(id));

    /// <summary>Sets a parameter from the host's normalised 0–1 value.</summary>
    public void SetNormalized(ParameterId id, float normalized) => Set(id, ParameterCatalog.Get(id).FromNormalized(normalized));

    /// <summary>Puts every parameter back to its default.</summary>
    public void ResetToDefaults()
    {
        foreach (var d in ParameterCatalog.All)
            Set(d.Id, d.DefaultValue);
    }

    /// <summary>Morph position 0–1.</summary>
    public float Alpha => Get(ParameterId.Alpha);

    /// <summary>Slot index 0–7 of the morph start prompt.</summary>
    public int PromptSlotA => (int)Get(ParameterId.PromptSlotA);

    /// <summary>Slot index 0–7 of the morph end prompt.</summary>
    public int PromptSlotB => (int)Get(ParameterId.PromptSlotB);

    /// <summary>img2img strength 0–1.</summary>
    public float Denoising => Get(ParameterId.Denoising);

    /// <summary>Classifier-free guidance scale.</summary>
    public float Guidance => Get(ParameterId.Guidance);

    /// <summary>Noise seed.</summary>
    public int Seed => (int)Get(ParameterId.Seed);

    /// <summary>Loop length in bars (1, 2, 4 or 8).</summary>
    public int Bars => (int)Get(ParameterId.Bars);

    /// <summary>Beats in one bar.</summary>
    public int BeatsPerBar => (int)Get(ParameterId.BeatsPerBar);

    /// <summary>Seed image rhythm.</summary>
    public SeedPattern SeedPattern => (SeedPattern)(int)Get(ParameterId.SeedPattern);

    /// <summary>Whether alpha and seeds walk on every loop.</summary>
    public bool Evolve => Get(ParameterId.Evolve) >= 0.5f;

    /// <summary>Gain of the generated loop in dB; the minimum means silence.</summary>
    public float OutputGainDb => Get(ParameterId.OutputGain);

    /// <summary>Mix between input (0) and loop (1).</summary>
    public float DryWet => Get(ParameterId.DryWet);

    /// <summary>Whether the grid is frozen: the engine client asks for no new renders, only retimes.</summary>
    public bool Freeze => Get(ParameterId.Freeze) >= 0.5f;

    private static int Index(ParameterId id)
    {
        int index = (int)id;
        // The audio thread must not throw; an unknown id is a programming error caught in tests.
        return (uint)index < (uint)ParameterCatalog.Count ? index : 0;
    }
}
