using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>
/// Chooses the files of a diffusers repository the engine needs: each component's config and one weights file
/// (safetensors when offered, else the PyTorch <c>.bin</c>, as <see cref="ModelWeightsReader.ComponentWeightFiles"/>
/// orders them), the tokenizer and the scheduler config. The repository's other files (the single-file
/// <c>.ckpt</c>, traced UNets, fp16 copies) are left on the hub.
/// </summary>
public static class ModelFileSelection
{
    private static readonly string[] Components = ["unet", "vae", "text_encoder"];
    private static readonly string[] Required = ["tokenizer/vocab.json", "tokenizer/merges.txt"];
    private static readonly string[] Optional = ["model_index.json", "scheduler/scheduler_config.json", "tokenizer/tokenizer_config.json", "tokenizer/special_tokens_map.json"];

    /// <summary>The files to fetch; throws one <see cref="ModelInstallException"/> listing everything the repository lacks.</summary>
    public static IReadOnlyList<HubFile> Select(IReadOnlyList<HubFile> listing, string repository, string revision)
    {
        Dictionary<string, HubFile> byPath = listing.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var chosen = new List<HubFile>();
        var missing = new List<string>();
        foreach (string component in Components)
        {
            Take($"{component}/config.json");
            HubFile? weights = ModelWeightsReader.ComponentWeightFiles.Select(name => byPath.GetValueOrDefault($"{component}/{name}")).FirstOrDefault(f => f is not null);
            if (weights is null)
            {
                missing.Add($"{component}/ weights (.safetensors or .bin)");
            }
            else
            {
                chosen.Add(weights);
            }
        }

        foreach (string path in Required)
        {
            Take(path);
        }

        chosen.AddRange(Optional.Where(byPath.ContainsKey).Select(path => byPath[path]));
        if (missing.Count > 0)
        {
            throw new ModelInstallException(
                $"'{repository}' at revision '{revision}' lacks {string.Join(", ", missing)}: it is not a diffusers Stable Diffusion 1.x repository. Check the name and --revision, or install a single-file checkpoint with --from PATH.");
        }

        return chosen;

        void Take(string path)
        {
            if (byPath.TryGetValue(path, out HubFile? file))
            {
                chosen.Add(file);
            }
            else
            {
                missing.Add(path);
            }
        }
    }
}
