using System.Diagnostics.CodeAnalysis;
using RiffusionVst.Plugin.Core.Parameters;
using RiffusionVst.Plugin.Core.Playback;
using RiffusionVst.Plugin.Core.Processing;

namespace RiffusionVst.Plugin.Core.Engine;

/// <summary>
/// What the <see cref="GridRequester"/> reads of the host, and nothing more: parameters, prompt slots, the tempo and
/// rate the host last used, the loop playing (evolve follows it), whether it renders offline, and captured input.
/// </summary>
internal interface IHostObservation
{
    /// <summary>The instance's parameters (the requester only reads them).</summary>
    PluginParameters Parameters { get; }

    /// <summary>The instance's prompt slots.</summary>
    PromptSlots Prompts { get; }

    /// <summary>Tempo of the host's last block; 0 before any.</summary>
    double Bpm { get; }

    /// <summary>Sample rate the host prepared; 0 before.</summary>
    double SampleRate { get; }

    /// <summary>Whether the host's last block was an offline render (a bounce).</summary>
    bool IsOffline { get; }

    /// <summary>Loop repetition the player last played (evolve mode asks for the segment it is in).</summary>
    long LoopIndex { get; }

    /// <summary>What an offline render waits for; the requester says when stored loops are on their way and when they are in.</summary>
    OfflineWait Offline { get; }

    /// <summary>A finished capture of input, if one is ready (each is handed out once).</summary>
    bool TryTakeCapture([NotNullWhen(true)] out CapturedAudio? audio);
}
