using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RiffusionVst.Engine.Service.Web.Library;

namespace RiffusionVst.Engine.Service.Web.Endpoints;

/// <summary>The Clips page's API: list and search, a clip's audio and image by id, show in folder, move to the trash.</summary>
internal static class ClipEndpoints
{
    private const string NoLibrary = "This engine writes no clips (it was started with --no-clips).";

    public static void Map(WebApplication app, ClipCatalog? clips)
    {
        app.MapGet("/api/clips", (string? q) =>
            clips is null ? Results.Json(new { error = NoLibrary, clips = Array.Empty<ClipEntry>() }) : Results.Json(new { folder = clips.Folder, clips = clips.List(q) }));

        app.MapGet("/clips/{id}/audio", (string id) => File(clips?.FileOf(id, ".wav"), "audio/wav"));
        app.MapGet("/clips/{id}/image", (string id) => File(clips?.FileOf(id, ".png"), "image/png"));

        app.MapPost("/api/clips/{id}/trash", (string id) =>
            clips?.MoveToTrash(id) == true ? Results.Json(new { ok = true, trash = clips.TrashFolder }) : Results.NotFound());

        app.MapPost("/api/clips/{id}/reveal", (string id) =>
        {
            if (clips?.FileOf(id, ".wav") is not { } path)
                return Results.NotFound();
            return FolderReveal.Show(path) is { } problem ? InstanceEndpoints.Problem(problem) : Results.Json(new { ok = true });
        });
    }

    private static IResult File(string? path, string contentType) =>
        path is null ? Results.NotFound() : Results.File(path, contentType, enableRangeProcessing: true);
}
