using System.CommandLine;
using RiffusionVst.Engine.Cli.Files;
using RiffusionVst.Engine.Cli.Options;
using RiffusionVst.Engine.Cli.Running;
using RiffusionVst.Engine.Diffusion.Model;

namespace RiffusionVst.Engine.Cli.Commands;

/// <summary><c>model check DIR</c>: opens a model folder and prints what it holds, or says exactly what is wrong (exit code 1).</summary>
internal static class ModelCheckCommand
{
    /// <summary>The <c>model</c> command with its <c>check</c> subcommand.</summary>
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Model folder: an optimum / diffusers ONNX export of riffusion-model-v1 (model_index.json, text_encoder/, unet/, vae_encoder/, vae_decoder/, tokenizer/, scheduler/).",
        };
        var device = CommonOptions.Device(ExecutionDevice.Cpu);
        var check = new Command("check", "Open a model folder, validate its files and graphs, and print files, sizes, input/output signatures, conventions and the execution provider.")
        {
            folder, device,
        };
        check.SetAction(parse => CommandRunner.Run(_ =>
        {
            string path = parse.GetRequiredValue(folder).FullName;
            InputFiles.RequireFolder(path, "folder");
            ModelCheckReport report = Output.Stage("Load and validate the model", () => ModelCheckReport.Check(path, parse.GetValue(device)));
            Console.Write(report.ToText());
            return 0;
        }));

        return new Command("model", "Install and inspect Riffusion model folders.") { check, ModelInstallCommand.Create() };
    }
}
