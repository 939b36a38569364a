using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RiffusionVst.Engine.Service.Web.Live;
using RiffusionVst.Engine.Service.Web.Rendering;
using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Engine.Service.Web.Endpoints;

/// <summary>The Instances page's API: list, set a prompt slot, rename, regenerate (each relayed to the plugin over the pipe).</summary>
internal static class InstanceEndpoints
{
    /// <summary>What the page posts: one text field (a slot's prompt or an instance's name).</summary>
    internal sealed record TextBody(string? Text);

    public static void Map(WebApplication app, LiveEvents events, EngineLink link)
    {
        app.MapGet("/api/instances", () => Results.Json(events.Instances()));

        app.MapPost("/api/instances/{id:guid}/slots/{slot:int}", async (Guid id, int slot, TextBody body, CancellationToken ct) =>
        {
            var set = new SetPromptSlot { InstanceId = id, Slot = slot, Text = body.Text ?? "" };
            if (MessageValidator.Validate(set) is { } problem)
                return Problem(problem.Message);
            return Answer(await link.SendAsync(set, ct).ConfigureAwait(false));
        });

        app.MapPost("/api/instances/{id:guid}/name", async (Guid id, TextBody body, CancellationToken ct) =>
            Answer(await link.SendAsync(new RenameInstance { InstanceId = id, Name = (body.Text ?? "").Trim() }, ct).ConfigureAwait(false)));

        app.MapPost("/api/instances/{id:guid}/regenerate", async (Guid id, CancellationToken ct) =>
            Answer(await link.SendAsync(new RegenerateInstance { InstanceId = id }, ct).ConfigureAwait(false)));
    }

    internal static IResult Problem(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Answer(string? problem) => problem is null ? Results.Json(new { ok = true }) : Problem(problem);
}
