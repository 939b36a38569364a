using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// One loaded graph: its session (created once), its description and a run call through an <see cref="OrtIoBinding"/>
/// over kept input and output tensors. Not thread-safe: one run at a time per component.
/// </summary>
/// <remarks>
/// On the CPU a bound tensor is used in place, so a tensor is bound once per shape and a step neither copies nor
/// allocates. On an accelerator ONNX Runtime copies a host input to the device when it is bound, so inputs are bound
/// again before every run, and host outputs are filled by one device-to-host copy at the end of the run. A UNet session
/// created with CUDA graphs runs each shape it sees as its own captured graph (<see cref="CudaGraphs"/>).
/// </remarks>
internal sealed class OnnxComponent : IDisposable
{
    // ONNX Runtime's run option that hands an arena's free regions back to the system when the run ends.
    private const string ArenaShrinkageKey = "memory.enable_memory_arena_shrinkage";

    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly bool _bindsInPlace;
    private readonly Dictionary<string, OrtValue> _bound = new(StringComparer.Ordinal);
    private readonly CudaGraphs? _graphs;

    /// <summary>Wraps a session created and validated by <see cref="ModelFolder"/>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="description">Its files, inputs and outputs.</param>
    /// <param name="onCpu">True when the CPU provider runs it (bound host tensors are then used in place).</param>
    /// <param name="cudaGraphs">True when the session was created with the CUDA provider's <c>enable_cuda_graph</c>.</param>
    /// <param name="releasesArena">True for a graph that runs once a generation: its CPU arena is shrunk after each run.</param>
    public OnnxComponent(InferenceSession session, ModelComponentDescription description, bool onCpu = true, bool cudaGraphs = false, bool releasesArena = false)
    {
        Session = session;
        Description = description;
        _binding = session.CreateIoBinding();
        _bindsInPlace = onCpu;
        if (releasesArena)
        {
            _runOptions.AddRunConfigEntry(ArenaShrinkageKey, "cpu:0");
        }

        if (cudaGraphs)
        {
            _graphs = new CudaGraphs(session);

            // Runs the graphs do not take (more shapes than it keeps) must not start a capture of their own.
            _runOptions.AddRunConfigEntry(CudaGraphs.GraphIdKey, CudaGraphs.NoGraph);
        }
    }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>Files, inputs and outputs.</summary>
    public ModelComponentDescription Description { get; }

    /// <summary>True when this session replays captured CUDA graphs for the shapes it has seen.</summary>
    public bool UsesCudaGraphs => _graphs is not null;

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

    /// <summary>
    /// Runs the graph on the current contents of <paramref name="inputs"/>, writing into <paramref name="outputs"/>
    /// (every tensor already sized with <see cref="ReusableTensor.Ensure"/>; names and tensors in the same order).
    /// </summary>
    public void Run(string[] inputNames, ReusableTensor[] inputs, string[] outputNames, ReusableTensor[] outputs)
    {
        try
        {
            if (_graphs is not null && _graphs.TryRun(inputNames, inputs, outputNames, outputs))
            {
                return;
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                Bind(inputNames[i], inputs[i].Value, input: true);
            }

            for (int i = 0; i < outputs.Length; i++)
            {
                Bind(outputNames[i], outputs[i].Value, input: false);
            }

            Session.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"Running {Description.RelativePath} failed: {e.Message}", e);
        }
    }

    /// <summary>Releases the binding, the graphs and the session.</summary>
    public void Dispose()
    {
        _graphs?.Dispose();
        _binding.Dispose();
        _runOptions.Dispose();
        Session.Dispose();
    }

    // A tensor rebuilt for a new shape is a new OrtValue and is bound again; an unchanged one stays bound on the CPU.
    private void Bind(string name, OrtValue value, bool input)
    {
        if (_bindsInPlace && _bound.TryGetValue(name, out OrtValue? bound) && ReferenceEquals(bound, value))
        {
            return;
        }

        if (input)
        {
            _binding.BindInput(name, value);
        }
        else
        {
            _binding.BindOutput(name, value);
        }

        _bound[name] = value;
    }
}
