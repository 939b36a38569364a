namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>The eight prompt texts of a project. Used by the UI and the engine client, never by the audio thread.</summary>
public sealed class PromptSlots
{
    /// <summary>Longest prompt text accepted, in characters.</summary>
    public const int MaxLength = 1000;

    private static readonly string[] Defaults =
    [
        "lo-fi hip hop beat, warm rhodes piano",
        "funk bassline with slap bass and tight drums",
        "deep house groove, rolling bass, soft pads",
        "jazz trio, brushed drums, upright bass",
        "techno, driving kick, acid synth",
        "ambient drone, shimmering guitar",
        "reggae skank guitar, dub bass",
        "orchestral strings, cinematic",
    ];

    private readonly Lock _gate = new();
    private readonly string[] _texts = (string[])Defaults.Clone();
    private int _changeCount;

    /// <summary>Increases on every change, so the engine client can poll cheaply.</summary>
    public int ChangeCount => Volatile.Read(ref _changeCount);

    /// <summary>The default text of a slot.</summary>
    public static string DefaultText(int slot) => Defaults[CheckSlot(slot)];

    /// <summary>The text of a slot (0–7).</summary>
    public string this[int slot]
    {
        get
        {
            lock (_gate)
                return _texts[CheckSlot(slot)];
        }
    }

    /// <summary>Replaces the text of a slot (0–7); longer texts are refused.</summary>
    public void Set(int slot, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
            throw new ArgumentException($"Prompt text has {text.Length} characters; at most {MaxLength} are accepted. Shorten the prompt.", nameof(text));
        lock (_gate)
        {
            if (_texts[CheckSlot(slot)] == text)
                return;
            _texts[slot] = text;
        }
        Interlocked.Increment(ref _changeCount);
    }

    /// <summary>A copy of all eight texts.</summary>
    public string[] ToArray()
    {
        lock (_gate)
            return (string[])_texts.Clone();
    }

    /// <summary>Puts every slot back to its default text.</summary>
    public void ResetToDefaults()
    {
        for (int i = 0; i < Defaults.Length; i++)
            Set(i, Defaults[i]);
    }

    private static int CheckSlot(int slot)
    {
        if ((uint)slot >= ParameterCatalog.PromptSlotCount)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"Prompt slot must be 0–{ParameterCatalog.PromptSlotCount - 1}.");
        return slot;
    }
}
