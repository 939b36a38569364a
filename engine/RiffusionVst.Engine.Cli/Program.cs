using System.CommandLine;
using RiffusionVst.Engine.Cli;
using RiffusionVst.Engine.Cli.Commands;

PipeLatency.UseInlineSocketCompletions();

var root = new RootCommand(
    "riffusion-engine: Riffusion loops for RiffusionVst — spectrogram images ↔ audio, generation, and the plugin's engine service.");
root.Subcommands.Add(Audio2ImgCommand.Create());
root.Subcommands.Add(Img2AudioCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(ModelCheckCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(SeedCommand.Create());
root.Subcommands.Add(InstancesCommand.Create());
root.Subcommands.Add(PromptCommand.Create());
root.Subcommands.Add(OpenCommand.Create());
return root.Parse(args).Invoke();
