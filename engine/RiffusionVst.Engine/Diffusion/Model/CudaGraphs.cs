using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>
/// Replays one captured CUDA graph per input shape for a session created with <c>enable_cuda_graph</c>: each shape gets
/// its own graph id (the run option <c>gpu_graph_id</c>), its own device buffers, which keep their addresses for the
/// graph's lifetime as capture requires, and its own binding. A step copies the host inputs into those buffers, replays
/// the graph and copies the output back. Compile-checked only: no GPU has run it yet (see README).
/// </summary>
/// <remarks>
/// ONNX Runtime captures a graph on the first run of an id and replays it afterwards; a graph needs fixed shapes and fixed
/// bound addresses, so a new shape is a new graph, never a rebinding. A denoising loop keeps one shape for all its steps
/// (same bars, same batch), so a loop costs one capture. Beyond <see cref="MaxGraphs"/> shapes, or when the CUDA runtime
/// library cannot be loaded for the copies, <see cref="TryRun"/> declines and the caller runs the ordinary binding with
/// capture turned off (<see cref="NoGraph"/>).
/// </remarks>
internal sealed class CudaGraphs : IDisposable
{
    /// <summary>ONNX Runtime's run option naming the graph a run captures or replays.</summary>
    public const string GraphIdKey = "gpu_graph_id";

    /// <summary>The graph id that turns capture and replay off for one run.</summary>
    public const string NoGraph = "-1";

    /// <summary>Shapes kept as graphs at most (each holds its device buffers and the graph's own activations).</summary>
    public const int MaxGraphs = 4;

    private readonly InferenceSession _session;
    private readonly List<Graph> _graphs = [];
    private OrtMemoryInfo? _deviceMemory;
    private OrtAllocator? _allocator;

    /// <summary>Graphs for <paramref name="session"/> (created with the CUDA provider and <c>enable_cuda_graph</c>).</summary>
    public CudaGraphs(InferenceSession session) => _session = session;

    /// <summary>
    /// Runs the graph for these tensors' shapes (capturing it on first use) and returns true, or returns false when
    /// the shape is not and cannot become a graph.
    /// </summary>
    public bool TryRun(string[] inputNames, ReusableTensor[] inputs, string[] outputNames, ReusableTensor[] outputs)
    {
        if (!CudaRuntime.IsAvailable)
        {
            return false;
        }

        Graph? graph = Find(inputs, outputs);
        if (graph is null)
        {
            if (_graphs.Count >= MaxGraphs)
            {
                return false;
            }

            graph = Create(inputNames, inputs, outputNames, outputs);
            _graphs.Add(graph);
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            CudaRuntime.CopyToDevice(graph.Inputs[i], inputs[i]);
        }

        _session.RunWithBinding(graph.RunOptions, graph.Binding);
        for (int i = 0; i < outputs.Length; i++)
        {
            CudaRuntime.CopyToHost(outputs[i], graph.Outputs[i]);
        }

        return true;
    }

    /// <summary>Releases every graph's binding and device buffers.</summary>
    public void Dispose()
    {
        foreach (Graph graph in _graphs)
        {
            graph.Dispose();
        }

        _graphs.Clear();
        _allocator?.Dispose();
        _deviceMemory?.Dispose();
    }

    private Graph? Find(ReusableTensor[] inputs, ReusableTensor[] outputs)
    {
        foreach (Graph graph in _graphs)
        {
            if (graph.Matches(inputs, outputs))
            {
                return graph;
            }
        }

        return null;
    }

    private Graph Create(string[] inputNames, ReusableTensor[] inputs, string[] outputNames, ReusableTensor[] outputs)
    {
        // The CUDA provider's own device allocator (its arena) for GPU 0, the device the session was created on.
        _deviceMemory ??= new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        _allocator ??= new OrtAllocator(_session, _deviceMemory);

        // Id 0 is ONNX Runtime's own; ours start at 1.
        var graph = new Graph(_graphs.Count + 1, _session.CreateIoBinding());
        for (int i = 0; i < inputs.Length; i++)
        {
            OrtValue device = OrtValue.CreateAllocatedTensorValue(_allocator, inputs[i].ElementType, [.. inputs[i].Shape]);
            graph.Inputs.Add(device);
            graph.InputShapes.Add([.. inputs[i].Shape]);
            graph.Binding.BindInput(inputNames[i], device);
        }

        for (int i = 0; i < outputs.Length; i++)
        {
            OrtValue device = OrtValue.CreateAllocatedTensorValue(_allocator, outputs[i].ElementType, [.. outputs[i].Shape]);
            graph.Outputs.Add(device);
            graph.OutputShapes.Add([.. outputs[i].Shape]);
            graph.Binding.BindOutput(outputNames[i], device);
        }

        return graph;
    }

    private sealed class Graph(int id, OrtIoBinding binding) : IDisposable
    {
        public OrtIoBinding Binding { get; } = binding;

        public RunOptions RunOptions { get; } = Annotated(id);

        public List<OrtValue> Inputs { get; } = [];

        public List<OrtValue> Outputs { get; } = [];

        public List<long[]> InputShapes { get; } = [];

        public List<long[]> OutputShapes { get; } = [];

        public bool Matches(ReusableTensor[] inputs, ReusableTensor[] outputs) =>
            Same(InputShapes, inputs) && Same(OutputShapes, outputs);

        public void Dispose()
        {
            Binding.Dispose();
            RunOptions.Dispose();
            Inputs.ForEach(m => m.Dispose());
            Outputs.ForEach(m => m.Dispose());
        }

        private static RunOptions Annotated(int id)
        {
            var options = new RunOptions();
            options.AddRunConfigEntry(GraphIdKey, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return options;
        }

        private static bool Same(List<long[]> shapes, ReusableTensor[] tensors)
        {
            if (shapes.Count != tensors.Length)
            {
                return false;
            }

            for (int i = 0; i < tensors.Length; i++)
            {
                if (!tensors[i].Shape.SequenceEqual(shapes[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
