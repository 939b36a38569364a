using System.Runtime.InteropServices;
using AudioPlugSharp;

namespace RiffusionVst.Plugin.Tests.Vst3;

/// <summary>
/// Plays the part of AudioPlugSharp's VST3 bridge: the same calls in the same order
/// (setupProcessing, then per block: buffer pointers, PreProcess, Process, PostProcess,
/// ResetParameterChange), with unmanaged stereo buffers of 32- or 64-bit samples.
/// </summary>
internal sealed unsafe class FakeAudioHost : IAudioHost, IDisposable
{
    private readonly IAudioPlugin _plugin;
    private readonly (int Index, double Value, int Offset)[] _points = new (int, double, int)[64];
    private int _pointCount;
    private void** _inputPtrs;
    private void** _outputPtrs;

    public FakeAudioHost(IAudioPlugin plugin, double sampleRate, uint maxBlock, EAudioBitsPerSample bits)
    {
        _plugin = plugin;
        SampleRate = sampleRate;
        MaxAudioBufferSize = maxBlock;
        BitsPerSample = bits;
        plugin.Host = this;
        plugin.Processor.Initialize();
        plugin.Processor.InitializeProcessing();
        plugin.Processor.SetMaxAudioBufferSize(maxBlock, bits);
        int sampleSize = bits == EAudioBitsPerSample.Bits64 ? sizeof(double) : sizeof(float);
        _inputPtrs = (void**)NativeMemory.Alloc(2, (nuint)sizeof(void*));
        _outputPtrs = (void**)NativeMemory.Alloc(2, (nuint)sizeof(void*));
        for (int c = 0; c < 2; c++)
        {
            _inputPtrs[c] = NativeMemory.AllocZeroed(maxBlock, (nuint)sampleSize);
            _outputPtrs[c] = NativeMemory.AllocZeroed(maxBlock, (nuint)sampleSize);
        }
    }

    public double SampleRate { get; }
    public uint MaxAudioBufferSize { get; }
    public uint CurrentAudioBufferSize { get; private set; }
    public EAudioBitsPerSample BitsPerSample { get; }
    public double BPM { get; set; } = 120;
    public long CurrentProjectSample { get; set; }
    public bool IsPlaying { get; set; }
    public int EditsReported { get; private set; }

    /// <summary>Queues an automation point for the next block, as the host's parameter queue would hold it.</summary>
    public void Automate(int parameterIndex, double normalizedValue, int sampleOffset) =>
        _points[_pointCount++] = (parameterIndex, normalizedValue, sampleOffset);

    /// <summary>Runs one block; input samples come from <paramref name="inLeft"/>/<paramref name="inRight"/>, output goes to the out spans.</summary>
    public void RunBlock(ReadOnlySpan<double> inLeft, ReadOnlySpan<double> inRight, Span<double> outLeft, Span<double> outRight)
    {
        int n = outLeft.Length;
        CurrentAudioBufferSize = (uint)n;
        for (int i = 0; i < n; i++)
        {
            WriteSample(_inputPtrs[0], i, inLeft[i]);
            WriteSample(_inputPtrs[1], i, inRight[i]);
        }
        foreach (AudioIOPort port in _plugin.Processor.InputPorts)
        {
            port.SetCurrentBufferSize((uint)n);
            port.SetAudioBufferPtrs((IntPtr)_inputPtrs);
        }
        foreach (AudioIOPort port in _plugin.Processor.OutputPorts)
        {
            port.SetCurrentBufferSize((uint)n);
            port.SetAudioBufferPtrs((IntPtr)_outputPtrs);
        }
        _plugin.Processor.PreProcess();
        _plugin.Processor.Process();
        _plugin.Processor.PostProcess();
        for (int p = 0; p < _pointCount; p++)
            _plugin.Processor.Parameters[_points[p].Index].ResetParameterChange();
        _pointCount = 0;
        for (int i = 0; i < n; i++)
        {
            outLeft[i] = ReadSample(_outputPtrs[0], i);
            outRight[i] = ReadSample(_outputPtrs[1], i);
        }
        CurrentProjectSample += IsPlaying ? n : 0;
    }

    private void WriteSample(void* channel, int i, double value)
    {
        if (BitsPerSample == EAudioBitsPerSample.Bits64)
            ((double*)channel)[i] = value;
        else
            ((float*)channel)[i] = (float)value;
    }

    private double ReadSample(void* channel, int i) =>
        BitsPerSample == EAudioBitsPerSample.Bits64 ? ((double*)channel)[i] : ((float*)channel)[i];

    public void ProcessAllEvents()
    {
        for (int p = 0; p < _pointCount; p++)
            _plugin.Processor.HandleParameterChange(_plugin.Processor.Parameters[_points[p].Index], _points[p].Value, _points[p].Offset);
    }

    public int ProcessEvents()
    {
        ProcessAllEvents();
        return (int)CurrentAudioBufferSize;
    }

    public void BeginEdit(int parameter) => EditsReported++;
    public void PerformEdit(int parameter, double normalizedValue) => EditsReported++;
    public void EndEdit(int parameter) => EditsReported++;
    public void SendNoteOn(int channel, int noteNumber, float velocity, int sampleOffset) { }
    public void SendNoteOff(int channel, int noteNumber, float velocity, int sampleOffset) { }
    public void SendCC(int channel, int ccNumber, int ccValue, int sampleOffset) { }
    public void SendPolyPressure(int channel, int noteNumber, float pressure, int sampleOffset) { }

    public void Dispose()
    {
        if (_inputPtrs == null)
            return;
        for (int c = 0; c < 2; c++)
        {
            NativeMemory.Free(_inputPtrs[c]);
            NativeMemory.Free(_outputPtrs[c]);
        }
        NativeMemory.Free(_inputPtrs);
        NativeMemory.Free(_outputPtrs);
        _inputPtrs = null;
        _outputPtrs = null;
    }
}
