using BenchmarkDotNet.Attributes;
using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Engine.Benchmarks.Audio;

/// <summary>
/// The file work around one delivered loop: a 2-bar loop at 120 BPM, 48 kHz stereo, written as the clip library writes it
/// (float with acid + smpl) and as 24-bit PCM, read back, and its 512-column spectrogram PNG encoded and decoded (chunk CRCs);
/// plus one second of MP3 decoded.
/// </summary>
[MemoryDiagnoser]
public class AudioFileBenchmarks
{
    private AudioClip _loop = null!;
    private byte[] _pcm24 = [];
    private RgbImage _image = null!;
    private byte[] _png = [];
    private byte[] _mp3 = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        float[] Noise() => Enumerable.Range(0, 192_000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _loop = new AudioClip(48_000, Noise(), Noise());
        _pcm24 = WavFile.Encode(_loop, new WavWriteOptions { Format = WavSampleFormat.Pcm24 });
        var pixels = new byte[512 * 512 * 3];
        rng.NextBytes(pixels);
        _image = new RgbImage(512, 512, pixels);
        _png = PngFile.Encode(_image, SpectrogramParameters.Riffusion);
        _mp3 = File.ReadAllBytes(Mp3Fixture());
    }

    [Benchmark(Baseline = true)]
    public byte[] EncodeFloatWithLoopChunks() =>
        WavFile.Encode(_loop, new WavWriteOptions { Metadata = WavMetadata.ForLoop(120, 8, _loop.Length) });

    [Benchmark]
    public byte[] EncodePcm24() => WavFile.Encode(_loop, new WavWriteOptions { Format = WavSampleFormat.Pcm24 });

    [Benchmark]
    public WavContents ReadPcm24() => WavFile.Read(_pcm24);

    [Benchmark]
    public byte[] EncodePng() => PngFile.Encode(_image, SpectrogramParameters.Riffusion);

    [Benchmark]
    public PngImage DecodePng() => PngFile.Decode(_png);

    /// <summary>One second of 128 kbps stereo MP3 (NAudio's frame reader, NLayer's decoder, our bridge between them).</summary>
    [Benchmark]
    public AudioClip DecodeMp3() => AudioFileReader.Read(_mp3, "tone-44100-stereo.mp3");

    // The tests' committed fixture, found from the working directory up (benchmarks run from the repository or below it).
    private static string Mp3Fixture()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "RiffusionVst.Engine.Tests", "Fixtures", "audio", "tone-44100-stereo.mp3");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Run the benchmarks from the repository: tests/RiffusionVst.Engine.Tests/Fixtures/audio/tone-44100-stereo.mp3 was not found above the working directory.");
    }
}
