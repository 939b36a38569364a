using System.Diagnostics.CodeAnalysis;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Processing;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>The host as a <see cref="PluginProcessor"/> and its prompt slots show it to the requester.</summary>
internal sealed class ProcessorObservation(PluginProcessor processor, PromptSlots prompts) : IHostObservation
{
    public PluginParameters Parameters => processor.Parameters;

    public PromptSlots Prompts => prompts;

    public double Bpm => processor.ObservedBpm;

    public double SampleRate => processor.SampleRate;

    public bool IsOffline => processor.ObservedOffline;

    public long LoopIndex => processor.Player.LoopIndex;

    public OfflineWait Offline => processor.Offline;

    public bool TryTakeCapture([NotNullWhen(true)] out CapturedAudio? audio) =>
        processor.Capture.TryTakeCompleted(out audio) && audio is not null;
}
