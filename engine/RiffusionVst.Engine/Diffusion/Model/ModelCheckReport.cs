using System.Globalization;
using System.Text;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>The result of <c>riffusion-engine model check DIR</c>: files, sizes, signatures, conventions and provider.</summary>
public sealed class ModelCheckReport
{
    /// <summary>A report on an opened model.</summary>
    public ModelCheckReport(ModelDescription description) => Description = description;

    /// <summary>What the model folder holds.</summary>
    public ModelDescription Description { get; }

    /// <summary>Opens <paramref name="path"/> on <paramref name="device"/> and reports on it (throws <see cref="ModelFolderException"/> when it is not valid).</summary>
    public static ModelCheckReport Check(string path, ExecutionDevice device = ExecutionDevice.Cpu)
    {
        using ModelFolder model = ModelFolder.Open(path, device);
        return new ModelCheckReport(model.Description);
    }

    /// <summary>A plain-text report for the console.</summary>
    public string ToText()
    {
        ModelDescription d = Description;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model folder: {d.FolderPath}");
        if (d.IsTinyModel)
        {
            text.AppendLine("Kind:         tiny generated model (random weights; audio will be noise-like)");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Provider:     {d.Provider.ProviderName} (requested {d.Provider.Requested})");
        if (d.Provider.FallbackMessage is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"              {d.Provider.FallbackMessage}");
        }

        if (d.Provider.CudaGraphs is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"              {d.Provider.CudaGraphs}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Precision:    {Name(d.FloatType)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Token ids:    {Name(d.TokenIdType)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Timestep:     {Name(d.TimestepType)}, {(d.TimestepRank == 0 ? "scalar" : "one per batch item")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"UNet batch:   {(d.DynamicBatch ? "dynamic (guidance in one call)" : "fixed (guidance in two calls)")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"VAE encoder:  {(d.VaeEncoderOutput == VaeEncoderOutputKind.LatentParameters ? "latent_parameters (mean, log-variance)" : "latent_sample")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Text width:   {d.TextHiddenSize}");
        text.AppendLine();
        text.AppendLine("Other files:");
        foreach (string file in new[] { ModelFolder.ModelIndexFile, ModelFolder.VocabularyFile, ModelFolder.MergesFile, ModelFolder.SchedulerConfigFile })
        {
            var info = new FileInfo(Path.Combine(d.FolderPath, file));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {file}  {(info.Exists ? Size(info.Length) : "missing")}");
        }

        foreach (ModelComponentDescription c in d.Components)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"{c.RelativePath}  {Size(c.FileSize)}");
            if (c.ExternalDataSize > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" + {Size(c.ExternalDataSize)} external data");
            }

            text.AppendLine();
            foreach (TensorDescription input in c.Inputs)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  in   {input}");
            }

            foreach (TensorDescription output in c.Outputs)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  out  {output}");
            }
        }

        return text.ToString();
    }

    private static string Name(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType type) =>
        new TensorDescription(string.Empty, type, [], []).ElementTypeText;

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
