using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RiffusionVst.Engine.Loops.SeedPatterns;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Web.Library;
using RiffusionVst.Engine.Service.Web.Rendering;

namespace RiffusionVst.Engine.Service.Web.Endpoints;

/// <summary>The Generate and Jam pages' API: what the engine offers, and one render from a form → a clip.</summary>
internal static class RenderEndpoints
{
    public static void Map(WebApplication app, GeneratorInfo generator, EngineLink link, ClipCatalog? clips, long maxRequestBytes)
    {
        app.MapGet("/api/engine", () => Results.Json(new
        {
            model = generator.ModelName,
            isTiny = generator.IsTiny,
            runsDiffusion = generator.RunsDiffusion,
            device = generator.Device,
            schedulers = generator.Schedulers,
            masks = generator.Masks,
            seedPatterns = SeedPatternCatalog.Names,
            defaultSeedPattern = RenderForm.DefaultSeedPattern,
            clips = clips is not null,
            maxUploadBytes = maxRequestBytes,
        }));

        app.MapPost("/api/render", async (HttpRequest http, CancellationToken ct) =>
        {
            if (clips is null)
                return InstanceEndpoints.Problem("This engine writes no clips (started with --no-clips), so the page has nothing to play; restart it without --no-clips.");
            var (request, problem) = await RenderForm.ReadAsync(http, ct).ConfigureAwait(false);
            if (request is null)
                return InstanceEndpoints.Problem(problem!);
            string job = http.Form["job"].ToString();
            var (loop, error) = await link.RenderAsync(request, job.Length <= 64 ? job : job[..64], ct).ConfigureAwait(false);
            if (loop is null)
                return InstanceEndpoints.Problem(error!);
            if (loop.ClipPath is not { } path)
                return InstanceEndpoints.Problem("The engine made the loop but wrote no clip file; see the engine log.");
            return Results.Json(new
            {
                clipId = Path.GetFileNameWithoutExtension(path),
                bpm = loop.Bpm,
                bars = loop.Bars,
                beatsPerBar = loop.BeatsPerBar,
                alpha = loop.Alpha,
                seconds = (double)loop.ExpectedLength() / loop.SampleRate,
            });
        });
    }
}
