using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RiffusionVst.Engine.Service.Web.Live;

namespace RiffusionVst.Engine.Service.Web.Endpoints;

/// <summary>The live events as Server-Sent Events: one JSON object per event, a comment every 15 s to keep the line open.</summary>
internal static class EventEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(WebApplication app, LiveEvents events)
    {
        app.MapGet("/api/events", async (HttpContext context) =>
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            var (id, reader) = events.Subscribe();
            try
            {
                CancellationToken gone = context.RequestAborted;
                await response.WriteAsync(": connected\n\n", gone).ConfigureAwait(false);
                await response.Body.FlushAsync(gone).ConfigureAwait(false);
                while (!gone.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(gone);
                    wait.CancelAfter(KeepAlive);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                            break; // the server is stopping
                        while (reader.TryRead(out string? json))
                            await response.WriteAsync($"data: {json}\n\n", gone).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!gone.IsCancellationRequested)
                    {
                        await response.WriteAsync(": keep-alive\n\n", gone).ConfigureAwait(false);
                    }
                    await response.Body.FlushAsync(gone).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The page went away.
            }
            finally
            {
                events.Unsubscribe(id);
            }
        });
    }
}
