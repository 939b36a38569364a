using RiffusionVst.Engine.Cli;

PipeLatency.UseInlineSocketCompletions();
return CommandLine.Run(args);
