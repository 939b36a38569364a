using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.TinyModel;
using RiffusionVst.Engine.Diffusion.Graphs.Onnx;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Model;

public class ModelFolderTests
{
    [Fact]
    public void Missing_folder_names_the_path_and_the_expected_layout()
    {
        string path = Path.Combine(Path.GetTempPath(), "riffusion-no-such-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(path));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("model_index.json", error.Message);
    }

    [Fact]
    public void Empty_folder_is_not_a_model_folder()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.Contains("is not a model folder", error.Message);
        Assert.Contains("contains nothing", error.Message);
        Assert.Contains("unet/", error.Message);
        Assert.Equal(temp.Path, error.FilePath);
    }

    [Fact]
    public void Missing_file_is_named_with_what_it_is()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        File.Delete(Path.Combine(temp.Path, "vae_encoder", "model.onnx"));
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.Contains("missing vae_encoder/model.onnx (the VAE encoder graph)", error.Message);
        Assert.Equal(Path.Combine(temp.Path, "vae_encoder/model.onnx"), error.FilePath);
    }

    [Fact]
    public void Garbage_onnx_file_is_named_and_explained()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "text_encoder", "model.onnx"), "this is not a protobuf model");
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.StartsWith("text_encoder/model.onnx could not be loaded by ONNX Runtime", error.Message);
        Assert.Contains("Expected a valid ONNX model", error.Message);
        Assert.EndsWith(Path.Combine("text_encoder", "model.onnx"), error.FilePath);
    }

    [Fact]
    public void Renamed_input_is_reported_with_the_inputs_found()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        var graph = new OnnxGraphBuilder("renamed");
        graph.AddInput("x", OnnxDataType.Float, "batch", 4, "height", "width");
        graph.AddInput("timestep", OnnxDataType.Int64, "batch");
        graph.AddInput("encoder_hidden_states", OnnxDataType.Float, "batch", "sequence_length", 32);
        graph.AddNode("Identity", ["x"], ["out_sample"]);
        graph.AddOutput("out_sample", OnnxDataType.Float, "batch", 4, "height", "width");
        graph.Save(Path.Combine(temp.Path, "unet", "model.onnx"));

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.Equal(
            "unet/model.onnx: expected an input named 'sample' ([batch, 4, height, width] float32 or float16) but the graph's inputs are: "
            + "x float32 [batch, 4, height, width], timestep int64 [batch], encoder_hidden_states float32 [batch, sequence_length, 32].",
            error.Message);
    }

    [Fact]
    public void Wrong_channel_count_is_reported_with_the_shape_found()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        var graph = new OnnxGraphBuilder("three_channels");
        graph.AddInput("latent_sample", OnnxDataType.Float, "batch", 3, "h", "w");
        graph.AddNode("Identity", ["latent_sample"], ["sample"]);
        graph.AddOutput("sample", OnnxDataType.Float, "batch", 3, "h", "w");
        graph.Save(Path.Combine(temp.Path, "vae_decoder", "model.onnx"));

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.StartsWith("vae_decoder/model.onnx: input 'latent_sample' should be [batch, 4, height/8, width/8]", error.Message);
        Assert.Contains("(4 channels)", error.Message);
        Assert.EndsWith("but is float32 [batch, 3, h, w].", error.Message);
    }

    [Fact]
    public void Extra_required_input_is_reported()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        var graph = new OnnxGraphBuilder("extra_input");
        graph.AddInput("input_ids", OnnxDataType.Int64, "batch", 77);
        graph.AddInput("attention_mask", OnnxDataType.Int64, "batch", 77);
        string asFloat = graph.AddNode("Cast", ["input_ids"], OnnxAttribute.Int("to", 1));
        graph.AddInitializer("axis", OnnxDataType.Int64, [1], BitConverter.GetBytes(2L));
        graph.AddInitializer("repeats", OnnxDataType.Int64, [3], [.. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(32L)]);
        graph.AddNode("Tile", [graph.AddNode("Unsqueeze", [asFloat, "axis"]), "repeats"], ["last_hidden_state"]);
        graph.AddOutput("last_hidden_state", OnnxDataType.Float, "batch", 77, 32);
        graph.Save(Path.Combine(temp.Path, "text_encoder", "model.onnx"));

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(temp.Path));
        Assert.Contains("text_encoder/model.onnx: expected only the inputs input_ids but the graph also needs attention_mask int64 [batch, 77]", error.Message);
    }

    [Fact]
    public void Mismatched_text_width_between_encoder_and_UNet_is_reported()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        TinyModelGenerator.Write(a.Path);
        TinyModelGenerator.Write(b.Path, new TinyModelOptions { TextHiddenSize = 16 });
        File.Copy(Path.Combine(b.Path, "text_encoder/model.onnx"), Path.Combine(a.Path, "text_encoder/model.onnx"), overwrite: true);
        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Open(a.Path));
        Assert.Contains("unet/model.onnx: input 'encoder_hidden_states' should be [batch, 77, 16]", error.Message);
    }

    [Fact]
    public void Description_and_report_come_from_session_metadata()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path, new TinyModelOptions
        {
            Precision = ModelPrecision.Float16, TokenIds = TokenIdType.Int32, Timestep = TimestepType.Float, TimestepPerBatch = false,
            VaeEncoderOutput = VaeEncoderOutputKind.LatentSample, DynamicBatch = false, TextHiddenSize = 24,
        });
        using var model = ModelFolder.Open(temp.Path);
        ModelDescription d = model.Description;
        Assert.Equal(["text_encoder", "unet", "vae_encoder", "vae_decoder"], d.Components.Select(c => c.Name));
        Assert.Equal(24, d.TextHiddenSize);
        Assert.Equal("CPUExecutionProvider", d.Provider.ProviderName);
        Assert.False(d.Provider.FellBack);
        TensorDescription sample = d.Component("unet").Inputs.Single(i => i.Name == "sample");
        Assert.Equal([1L, 4, -1, -1], sample.Dimensions);
        Assert.Equal("[1, 4, height, width]", sample.ShapeText);
        Assert.Equal(new FileInfo(Path.Combine(temp.Path, "vae_decoder/model.onnx")).Length, d.Component("vae_decoder").FileSize);

        string text = new ModelCheckReport(d).ToText();
        Assert.Contains("tiny generated model", text);
        Assert.Contains("Provider:     CPUExecutionProvider", text);
        Assert.Contains("Precision:    float16", text);
        Assert.Contains("Token ids:    int32", text);
        Assert.Contains("Timestep:     float16, scalar", text);
        Assert.Contains("fixed (guidance in two calls)", text);
        Assert.Contains("VAE encoder:  latent_sample", text);
        Assert.Contains("  in   input_ids int32 [1, sequence_length]", text);
        Assert.Matches(@"  out  last_hidden_state float16 \[1, (77|sequence_length), 24\]", text);
        Assert.Contains("  in   timestep float16 []", text);
        Assert.Contains("KiB external data", text);
        Assert.Contains("  tokenizer/merges.txt  ", text);
    }

    [Fact]
    public void Check_opens_and_releases_the_model()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        ModelCheckReport report = ModelCheckReport.Check(temp.Path);
        Assert.Equal(Path.GetFullPath(temp.Path), report.Description.FolderPath);
        Assert.Contains("unet/model.onnx", report.ToText());
    }

    [Theory]
    [InlineData(ExecutionDevice.Cuda)]
    [InlineData(ExecutionDevice.DirectML)]
    public void Unavailable_accelerator_falls_back_to_cpu_with_a_message(ExecutionDevice device)
    {
        if (OnnxRuntimeHas(device))
        {
            return; // this runtime really has it; the fallback cannot be observed here
        }

        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        using var model = ModelFolder.Open(temp.Path, device);
        ExecutionProviderSelection selection = model.Description.Provider;
        Assert.Equal(device, selection.Requested);
        Assert.Equal(ExecutionDevice.Cpu, selection.Device);
        Assert.Equal("CPUExecutionProvider", selection.ProviderName);
        Assert.True(selection.FellBack);
        Assert.Contains(device.ToString(), selection.FallbackMessage);
        Assert.Contains("running on the CPU", selection.FallbackMessage);
        Assert.Contains(selection.FallbackMessage!, new ModelCheckReport(model.Description).ToText());
    }

    [Fact]
    public void Auto_uses_an_available_provider()
    {
        using var temp = new TempFolder();
        TinyModelGenerator.Write(temp.Path);
        using var model = ModelFolder.Open(temp.Path, ExecutionDevice.Auto);
        Assert.Contains(model.Description.Provider.ProviderName, Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders());
    }

    private static bool OnnxRuntimeHas(ExecutionDevice device) =>
        Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains(device == ExecutionDevice.Cuda ? "CUDAExecutionProvider" : "DmlExecutionProvider");
}
