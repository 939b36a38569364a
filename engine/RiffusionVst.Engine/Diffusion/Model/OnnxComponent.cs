using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// One loaded graph: its session (created once), its description and a reusable run call over kept
/// input and output tensors. Not thread-safe: one run at a time per component.
/// </summary>
internal sealed class OnnxComponent : IDisposable
{
    private readonly RunOptions _runOptions = new();

    /// <summary>Wraps a session created and validated by <see cref="ModelFolder"/>.</summary>
    public OnnxComponent(InferenceSession session, ModelComponentDescription description)
    {
        Session = session;
        Description = description;
    }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>Files, inputs and outputs.</summary>
    public ModelComponentDescription Description { get; }

    /// <summary>The input with this name (validation guarantees it exists).</summary>
    public TensorDescription Input(string name) => Description.Inputs.First(i => i.Name == name);

    /// <summary>The output with this name (validation guarantees it exists).</summary>
    public TensorDescription Output(string name) => Description.Outputs.First(o => o.Name == name);

    /// <summary>The fixed batch size of an input, or null when the batch is dynamic.</summary>
    public int? FixedBatch(string input)
    {
        TensorDescription tensor = Input(input);
        return tensor.IsDynamic(0) ? null : (int)tensor.Dimensions[0];
    }

    /// <summary>Runs the graph writing into preallocated outputs.</summary>
    public void Run(string[] inputNames, OrtValue[] inputs, string[] outputNames, OrtValue[] outputs)
    {
        try
        {
            Session.Run(_runOptions, inputNames, inputs, outputNames, outputs);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"Running {Description.RelativePath} failed: {e.Message}", e);
        }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose()
    {
        _runOptions.Dispose();
        Session.Dispose();
    }
}
