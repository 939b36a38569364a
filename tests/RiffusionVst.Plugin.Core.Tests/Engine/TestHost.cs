using System.Diagnostics.CodeAnalysis;
using RiffusionVst.Plugin.Core.Engine;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Processing;

namespace RiffusionVst.Plugin.Core.Tests.Engine;

/// <summary>A host the test sets by hand, as the requester sees one: real parameters, prompt slots and offline wait.</summary>
internal sealed class TestHost : IHostObservation
{
    public PluginParameters Parameters { get; } = new();

    public PromptSlots Prompts { get; } = new();

    public double Bpm { get; set; } = 120;

    public double SampleRate { get; set; } = 48000;

    public bool IsOffline { get; set; }

    public long LoopIndex { get; set; }

    public OfflineWait Offline { get; } = new();

    /// <summary>A capture the host finished, handed out once.</summary>
    public CapturedAudio? Captured { get; set; }

    public bool TryTakeCapture([NotNullWhen(true)] out CapturedAudio? audio)
    {
        audio = Captured;
        Captured = null;
        return audio is not null;
    }
}
