using NAudio.Wave;

namespace RiffusionVst.Dsp.Audio.Wav;

/// <summary>Reads tempo and loop metadata from the acid and smpl chunks that NAudio's reader lists.</summary>
internal sealed class WavMetadataInterpreter : IWaveChunkInterpreter<WavMetadata>
{
    /// <summary>The one instance (it holds no state).</summary>
    public static WavMetadataInterpreter Instance { get; } = new();

    /// <summary>Metadata from the first acid and smpl chunks; all members null when the file has neither.</summary>
    public WavMetadata Interpret(WaveChunks chunks)
    {
        var m = new WavMetadata();
        if (chunks.Find(AcidChunk.Id) is { } acid)
        {
            m = AcidChunk.Decode(chunks.GetData(acid), m);
        }

        if (chunks.Find(SmplChunk.Id) is { } smpl)
        {
            m = SmplChunk.Decode(chunks.GetData(smpl), m);
        }

        return m;
    }
}
