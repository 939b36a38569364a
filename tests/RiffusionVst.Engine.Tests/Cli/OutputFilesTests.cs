using RiffusionVst.Engine.Cli;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Cli;

/// <summary>Outputs are all-or-nothing: temporary files beside them, renamed together, removed with any folder made for them.</summary>
public class OutputFilesTests
{
    [Fact]
    public void Committed_outputs_replace_their_finals_together_and_leave_no_temporary_file()
    {
        using var folder = new TempFolder();
        string wav = Path.Combine(folder.Path, "new", "a.wav");
        string png = Path.Combine(folder.Path, "new", "a.png");
        using (var outputs = OutputFiles.Prepare((wav, ".wav", "-o"), (png, ".png", "-o")))
        {
            File.WriteAllText(outputs.Temp(0), "wav");
            File.WriteAllText(outputs.Temp(1), "png");
            Assert.False(File.Exists(wav));
            outputs.Commit(CancellationToken.None);
        }

        Assert.Equal(["a.png", "a.wav"], Directory.GetFiles(Path.Combine(folder.Path, "new")).Select(Path.GetFileName).Order());
        Assert.Equal("wav", File.ReadAllText(wav));
    }

    [Fact]
    public void A_failure_before_the_commit_leaves_neither_file_nor_the_folder_made_for_them()
    {
        using var folder = new TempFolder();
        string wav = Path.Combine(folder.Path, "made", "deeper", "a.wav");
        using (var outputs = OutputFiles.Prepare((wav, ".wav", "-o"), (Path.ChangeExtension(wav, ".png"), ".png", "-o")))
        {
            File.WriteAllText(outputs.Temp(0), "half of a pair");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_cancelled_commit_renames_nothing()
    {
        using var folder = new TempFolder();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using (var outputs = OutputFiles.Prepare((Path.Combine(folder.Path, "a.wav"), ".wav", "-o")))
        {
            Assert.Throws<OperationCanceledException>(() => outputs.Commit(cancelled.Token));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void The_second_output_of_a_pair_that_cannot_be_written_is_refused_before_any_work_and_the_first_is_not_reserved()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "a.png"));
        var e = Assert.Throws<CliException>(() => OutputFiles.Prepare((Path.Combine(folder.Path, "a.wav"), ".wav", "-o"), (Path.Combine(folder.Path, "a.png"), ".png", "-o")));
        Assert.Equal(CommandErrors.BadInput, e.ExitCode);
        Assert.Equal($"-o {Path.Combine(folder.Path, "a.png")} is a folder; give a file name ending in .png.", e.Message);
        Assert.Equal(["a.png"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }
}
