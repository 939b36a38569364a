using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Install;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Diffusion.Weights;

namespace RiffusionVst.Engine.Tests.Diffusion.Install;

public sealed class ModelInstallerTests : IDisposable
{
    private const string UNetWeights = "unet/diffusion_pytorch_model.safetensors";

    private readonly TempFolder _temp = new();
    private readonly LocalHub _hub;
    private readonly string _target;
    private readonly List<DownloadProgress> _progress = [];
    private readonly List<string> _builtFrom = [];

    public ModelInstallerTests()
    {
        // 64 Ki floats: a 256 KB UNet file, so a connection can drop well inside it.
        TinyDiffusersFolder.Write(Path.Combine(_temp.Path, "served"), unetFloats: 65_536);
        _hub = new LocalHub(Path.Combine(_temp.Path, "served"));
        _target = Path.Combine(_temp.Path, "models", "riffusion-model-v1");
    }

    public void Dispose()
    {
        _hub.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task An_install_downloads_verifies_builds_checks_and_moves_the_model_into_place()
    {
        ModelInstallResult result = await Installer().InstallAsync();

        Assert.Equal(_target, result.Folder);
        Assert.True(File.Exists(Path.Combine(_target, ModelFolder.ModelIndexFile)));
        Assert.True(TinyModelGenerator.IsComplete(_target));
        Assert.False(Directory.Exists(ModelInstaller.WorkFolderFor(_target)));
        Assert.Equal(_hub.SizeOf(UNetWeights) + _hub.SizeOf("vae/diffusion_pytorch_model.safetensors") + _hub.SizeOf("text_encoder/model.safetensors")
            + TinyDiffusersFolder.Files.Where(f => !f.EndsWith(".safetensors", StringComparison.Ordinal)).Sum(_hub.SizeOf), result.DownloadedBytes);
        // Every file once, except the empty one, which needs no request.
        Assert.Equal(TinyDiffusersFolder.Files.Where(f => _hub.SizeOf(f) > 0), _hub.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(0, _hub.SizeOf("tokenizer/special_tokens_map.json"));
        Assert.All(_hub.Requests, r => Assert.Null(r.Range));

        // The builder got the weights in the internal naming (newer VAE attention names renamed).
        Assert.Contains("unet:conv_in.weight", _builtFrom);
        Assert.Contains("vae:encoder.mid_block.attentions.0.query.weight", _builtFrom);
        DownloadProgress last = _progress.Last(p => p.File == UNetWeights);
        Assert.Equal(_hub.SizeOf(UNetWeights), last.Done);
        Assert.Equal(last.Total, last.Done);
    }

    [Fact]
    public async Task A_connection_dropped_mid_file_resumes_with_a_range_request()
    {
        _hub.DropAt[UNetWeights] = 100_000;
        _hub.DropsLeft[UNetWeights] = 1;

        await Installer().InstallAsync();

        Assert.Equal([(UNetWeights, null), (UNetWeights, "bytes=100000-")], _hub.RequestsFor(UNetWeights));
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task A_resumed_download_keeps_its_range_through_the_hubs_redirect_to_its_cdn()
    {
        _hub.RedirectToCdn = true;
        _hub.DropAt[UNetWeights] = 70_000;
        _hub.DropsLeft[UNetWeights] = 1;

        await Installer().InstallAsync();

        Assert.Equal([(UNetWeights, null), (UNetWeights, "bytes=70000-")], _hub.RequestsFor(UNetWeights));
        Assert.Equal(_hub.Requests.Count, _hub.Redirects);
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task A_download_that_keeps_failing_stops_clearly_and_the_next_run_resumes_where_it_stopped()
    {
        _hub.DropAt[UNetWeights] = 100_000;
        _hub.DropsLeft[UNetWeights] = 1 + FileDownloader.MaxFruitlessAttempts;

        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer().InstallAsync());
        Assert.Contains($"failed {FileDownloader.MaxFruitlessAttempts} times in a row", error.Message, StringComparison.Ordinal);
        Assert.Contains("resumes where it stopped", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_target));

        int before = _hub.RequestsFor(UNetWeights).Count();
        await Installer().InstallAsync();
        Assert.Equal([(UNetWeights, "bytes=100000-")], _hub.RequestsFor(UNetWeights).Skip(before));
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_listed_hash_are_fetched_once_more()
    {
        _hub.CorruptLeft[UNetWeights] = 1;
        await Installer().InstallAsync();
        Assert.Equal([(UNetWeights, null), (UNetWeights, null)], _hub.RequestsFor(UNetWeights));
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task A_hash_that_never_matches_is_one_clear_error_after_the_second_fetch_and_nothing_is_installed()
    {
        _hub.WrongHash[UNetWeights] = true;
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer().InstallAsync());
        Assert.Contains($"'{UNetWeights}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"where the hub lists {new string('a', 64)}, twice in a row", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _hub.RequestsFor(UNetWeights).Count());
        Assert.False(Directory.Exists(_target));
        Assert.Empty(_builtFrom);
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error_naming_it()
    {
        _hub.Missing["vae/config.json"] = true;
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer().InstallAsync());
        Assert.Contains("'vae/config.json' is not on the server (HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_target));
    }

    [Fact]
    public async Task An_unknown_revision_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer(o => o with { Revision = "refs/pr/11" }).InstallAsync());
        Assert.Contains("no model 'riffusion/riffusion-model-v1' at revision 'refs/pr/11' (HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("refs%2Fpr%2F11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disk_too_small_stops_the_install_before_any_download()
    {
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer(o => o with { AvailableBytes = _ => 200_000 }).InstallAsync());
        Assert.Contains("not enough free disk space", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 0.00 GB are free", error.Message, StringComparison.Ordinal);
        Assert.Contains("--to DIR", error.Message, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task A_failing_build_leaves_nothing_installed_and_keeps_the_verified_downloads()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Installer(o => o with
        {
            Build = (_, folder, _, _) =>
            {
                TinyModelGenerator.Write(folder);
                throw new InvalidDataException("builder failed half-way");
            },
        }).InstallAsync());

        Assert.Equal("builder failed half-way", error.Message);
        Assert.False(Directory.Exists(_target));
        string work = ModelInstaller.WorkFolderFor(_target);
        Assert.False(Directory.Exists(Path.Combine(work, "model")));
        Assert.True(File.Exists(Path.Combine(work, "download", "unet", "diffusion_pytorch_model.safetensors")));

        // The rerun fetches nothing again.
        int requests = _hub.Requests.Count;
        ModelInstallResult result = await Installer().InstallAsync();
        Assert.Equal(requests, _hub.Requests.Count);
        Assert.Equal(0, result.DownloadedBytes);
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task A_builder_that_is_not_there_yet_is_one_clear_error_and_nothing_is_installed()
    {
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer(o => o with
        {
            Build = (_, _, _, _) => throw new NotSupportedException("the graph builder is not part of this build yet"),
        }).InstallAsync());
        Assert.StartsWith("the graphs cannot be built: the graph builder is not part of this build yet.", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was installed", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_target));
    }

    [Fact]
    public async Task A_graph_folder_that_fails_the_model_check_is_not_installed()
    {
        await Assert.ThrowsAsync<ModelFolderException>(() => Installer(o => o with
        {
            Build = (_, folder, _, _) =>
            {
                TinyModelGenerator.Write(folder);
                File.Delete(Path.Combine(folder, ModelFolder.UNetFile));
            },
        }).InstallAsync());
        Assert.False(Directory.Exists(_target));
        Assert.False(Directory.Exists(Path.Combine(ModelInstaller.WorkFolderFor(_target), "model")));
    }

    [Fact]
    public async Task No_engine_can_see_the_model_before_it_is_whole()
    {
        bool visibleDuringBuild = true;
        await Installer(o => o with
        {
            Build = (_, folder, _, _) =>
            {
                TinyModelGenerator.Write(folder);
                visibleDuringBuild = File.Exists(Path.Combine(_target, ModelFolder.ModelIndexFile));
            },
        }).InstallAsync();
        Assert.False(visibleDuringBuild);
        Assert.True(File.Exists(Path.Combine(_target, ModelFolder.ModelIndexFile)));
    }

    [Fact]
    public async Task A_second_install_into_the_same_folder_is_refused_while_the_first_runs()
    {
        using (InstallLock.Acquire(_target))
        {
            var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer().InstallAsync());
            Assert.Contains("another 'model install'", error.Message, StringComparison.Ordinal);
            Assert.Empty(_hub.Requests);
        }

        await Installer().InstallAsync();
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task An_existing_install_is_replaced_whole()
    {
        await Installer().InstallAsync();
        File.WriteAllText(Path.Combine(_target, "stale.txt"), "from the old install");
        await Installer().InstallAsync();
        Assert.False(File.Exists(Path.Combine(_target, "stale.txt")));
        Assert.True(TinyModelGenerator.IsComplete(_target));
        Assert.Equal(["riffusion-model-v1", "riffusion-model-v1.install.lock"], Directory.GetFileSystemEntries(Path.GetDirectoryName(_target)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task From_a_local_folder_nothing_is_downloaded()
    {
        string local = TinyDiffusersFolder.Write(Path.Combine(_temp.Path, "local"), textEncoderAsBin: true);
        ModelInstallResult result = await Installer(o => o with { FromPath = local, Endpoint = new Uri("http://127.0.0.1:9/") }).InstallAsync();
        Assert.Equal(0, result.DownloadedBytes);
        Assert.Empty(_hub.Requests);
        Assert.Contains("text:text_model.final_layer_norm.weight", _builtFrom);
        Assert.True(TinyModelGenerator.IsComplete(_target));
    }

    [Fact]
    public async Task A_single_file_without_a_tokenizer_beside_it_says_where_to_put_one()
    {
        string file = Path.Combine(_temp.Path, "ckpt", "model.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        TorchCheckpointFile.Write(file, [
            ("model.diffusion_model.input_blocks.0.0.weight", [1], [1f]),
            ("first_stage_model.quant_conv.weight", [1], [1f]),
            ("cond_stage_model.transformer.text_model.final_layer_norm.weight", [1], [1f]),
        ], lightning: true);
        var error = await Assert.ThrowsAsync<ModelInstallException>(() => Installer(o => o with { FromPath = file }).InstallAsync());
        Assert.Contains("carries no CLIP tokenizer", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_target));
    }

    private ModelInstaller Installer(Func<ModelInstallOptions, ModelInstallOptions>? change = null)
    {
        var options = new ModelInstallOptions
        {
            Target = _target,
            Endpoint = _hub.Endpoint,
            Build = (weights, folder, _, _) =>
            {
                _builtFrom.AddRange(weights.UNet.Names.Select(n => "unet:" + n));
                _builtFrom.AddRange(weights.Vae.Names.Select(n => "vae:" + n));
                _builtFrom.AddRange(weights.TextEncoder.Names.Select(n => "text:" + n));
                TinyModelGenerator.Write(folder);
            },
            AvailableBytes = _ => long.MaxValue,
            ReadTimeout = TimeSpan.FromSeconds(30),
            DownloadProgress = new Collect<DownloadProgress>(_progress),
        };
        return new ModelInstaller(change is null ? options : change(options));
    }

    private sealed class Collect<T>(List<T> into) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
