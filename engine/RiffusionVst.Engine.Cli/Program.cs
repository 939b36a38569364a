using System.CommandLine;

var root = new RootCommand("riffusion-engine: Riffusion loops for RiffusionVst — spectrogram images ↔ audio, generation, and the plugin's engine service.");
return root.Parse(args).Invoke();
