using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Model;

public class ModelLocatorTests
{
    [Fact]
    public void Explicit_path_wins_over_everything_else()
    {
        using var temp = new TempFolder();
        string explicitModel = Directory.CreateDirectory(Path.Combine(temp.Path, "explicit")).FullName;
        string environmentModel = Directory.CreateDirectory(Path.Combine(temp.Path, "env")).FullName;
        var locator = new ModelLocator(_ => environmentModel, UserFolderWithIndex(temp.Path), Path.Combine(temp.Path, "tiny"));
        ModelLocation location = locator.Locate(explicitModel);
        Assert.Equal(ModelSource.Explicit, location.Source);
        Assert.Equal(explicitModel, location.FolderPath);
        Assert.Null(location.Message);
    }

    [Fact]
    public void Environment_variable_comes_next()
    {
        using var temp = new TempFolder();
        string environmentModel = Directory.CreateDirectory(Path.Combine(temp.Path, "env")).FullName;
        var locator = new ModelLocator(name => name == "RIFFUSION_MODEL" ? environmentModel : null, UserFolderWithIndex(temp.Path), Path.Combine(temp.Path, "tiny"));
        ModelLocation location = locator.Locate();
        Assert.Equal(ModelSource.Environment, location.Source);
        Assert.Equal(environmentModel, location.FolderPath);
    }

    [Fact]
    public void User_folder_is_used_when_it_holds_a_model()
    {
        using var temp = new TempFolder();
        string user = UserFolderWithIndex(temp.Path);
        ModelLocation location = new ModelLocator(_ => null, user, Path.Combine(temp.Path, "tiny")).Locate();
        Assert.Equal(ModelSource.UserFolder, location.Source);
        Assert.Equal(user, location.FolderPath);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "tiny")));
    }

    [Fact]
    public void Nonexistent_explicit_or_environment_path_is_an_error_not_a_silent_fallback()
    {
        using var temp = new TempFolder();
        string missing = Path.Combine(temp.Path, "typo");
        var locator = new ModelLocator(_ => null, Path.Combine(temp.Path, "user"), Path.Combine(temp.Path, "tiny"));
        var error = Assert.Throws<ModelFolderException>(() => locator.Locate(missing));
        Assert.Contains("--model", error.Message);
        Assert.Contains(missing, error.Message);

        var fromEnvironment = new ModelLocator(_ => missing, Path.Combine(temp.Path, "user"), Path.Combine(temp.Path, "tiny"));
        Assert.Contains("RIFFUSION_MODEL", Assert.Throws<ModelFolderException>(() => fromEnvironment.Locate()).Message);
    }

    [Fact]
    public void Tiny_model_is_generated_once_and_regenerated_when_incomplete()
    {
        using var temp = new TempFolder();
        string tiny = Path.Combine(temp.Path, "cache", "tiny-model");
        var locator = new ModelLocator(_ => null, Path.Combine(temp.Path, "user"), tiny);

        ModelLocation first = locator.Locate();
        Assert.Equal(ModelSource.TinyGenerated, first.Source);
        Assert.True(first.IsTinyModel);
        Assert.Equal(ModelLocator.TinyModelMessage, first.Message);
        Assert.StartsWith("no real model installed", first.Message);
        Assert.True(TinyModelGenerator.IsComplete(tiny));

        string sentinel = Path.Combine(tiny, "sentinel");
        File.WriteAllText(sentinel, "kept while the model is complete");
        locator.Locate();
        Assert.True(File.Exists(sentinel));

        File.Delete(Path.Combine(tiny, TinyModelGenerator.MarkerFileName));
        locator.Locate();
        Assert.False(File.Exists(sentinel));
        Assert.True(TinyModelGenerator.IsComplete(tiny));
        Assert.Empty(Directory.GetDirectories(Path.Combine(temp.Path, "cache"), "*.partial-*"));
    }

    [Fact]
    public void Default_folders_follow_the_platform_conventions()
    {
        string user = ModelLocator.DefaultUserModelFolder();
        Assert.EndsWith(Path.Combine("RiffusionVst", "models", "riffusion-model-v1"), user);
        Assert.EndsWith(Path.Combine("RiffusionVst", "tiny-model"), ModelLocator.DefaultTinyModelFolder().Replace(Path.Combine("RiffusionVst", "cache"), "RiffusionVst"));
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("XDG_DATA_HOME")))
        {
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "RiffusionVst", "models", "riffusion-model-v1"), user);
        }
    }

    private static string UserFolderWithIndex(string root)
    {
        string user = Directory.CreateDirectory(Path.Combine(root, "user")).FullName;
        File.WriteAllText(Path.Combine(user, "model_index.json"), "{}");
        return user;
    }
}
