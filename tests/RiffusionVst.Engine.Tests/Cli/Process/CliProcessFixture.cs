using RiffusionVst.Dsp.Audio.Wav;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Loops;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Cli.Process;

/// <summary>Input files of every kind, a tiny model, and the wall time of one real, successful generation (the work a bad command must not start).</summary>
public sealed class CliProcessFixture : IDisposable
{
    /// <summary>Options that make a generation real work: a bad command carrying them and finishing quickly started none of it.</summary>
    public static readonly string[] Work = ["--steps", "100", "--bars", "4", "--seed", "1"];

    private readonly TempFolder _root = new();

    public CliProcessFixture()
    {
        Directory.CreateDirectory(In);
        TinyModelGenerator.Write(Model);
        var converter = new SpectrogramConverter();
        PngFile.Write(Path.Combine(In, "beat.png"), SeedImages.FromPattern(SeedPatternCatalog.Get("boom-bap"), 1, 4, converter), converter.Parameters);
        WavFile.Write(Path.Combine(In, "beat.wav"), SeedPatternRenderer.Render(SeedPatternCatalog.Get("boom-bap"), bars: 1));
        File.WriteAllText(Path.Combine(In, "fake.png"), "this is not a picture");
        File.WriteAllText(Path.Combine(In, "fake.wav"), "this is not a sound");
        File.WriteAllText(Path.Combine(In, "afile"), "a file where a folder is wanted");
        Directory.CreateDirectory(Path.Combine(In, "folder.png"));

        string ok = Path.Combine(_root.Path, "baseline", "ok.wav");
        Baseline = EngineCommand.Run(["generate", "lofi piano", .. Work, "--model", Model, "-o", ok]);
        BaselineWrote = File.Exists(ok) && File.Exists(Path.ChangeExtension(ok, ".png"));
    }

    public string In => Path.Combine(_root.Path, "in");

    public string Model => Path.Combine(_root.Path, "model");

    /// <summary>The successful run of <c>generate … <see cref="Work"/></c>.</summary>
    public EngineCommand.Result Baseline { get; }

    public bool BaselineWrote { get; }

    /// <summary>A fresh, empty folder for one command's outputs.</summary>
    public string NewOutputFolder()
    {
        string folder = Path.Combine(_root.Path, "out-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose() => _root.Dispose();
}
