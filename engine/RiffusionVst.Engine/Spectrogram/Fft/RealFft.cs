using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace RiffusionVst.Engine.Spectrogram.Fft;

/// <summary>Forward and inverse FFT of real signals of one fixed length, returning the one-sided spectrum.</summary>
/// <remarks>
/// An instance owns scratch memory and is not thread-safe: give each thread its own (they share the cached plan).
/// Forward is unnormalised; Inverse divides by <see cref="Length"/>, so Inverse(Forward(x)) == x.
/// PLACEHOLDER: this version delegates to MathNet and allocates; the fast mixed-radix version replaces it.
/// </remarks>
public sealed class RealFft
{
    private readonly Complex[] _buffer;

    /// <summary>Prepares transforms of <paramref name="length"/> real samples.</summary>
    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        _buffer = new Complex[length];
    }

    /// <summary>Number of real samples per transform.</summary>
    public int Length { get; }

    /// <summary>Number of one-sided bins, <c>Length / 2 + 1</c>.</summary>
    public int BinCount => Length / 2 + 1;

    /// <summary>One-sided spectrum of <paramref name="input"/> (Length samples) into real and imaginary parts (BinCount each).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        for (int i = 0; i < Length; i++)
        {
            _buffer[i] = new Complex(input[i], 0);
        }

        Fourier.Forward(_buffer, FourierOptions.AsymmetricScaling);
        for (int k = 0; k < BinCount; k++)
        {
            real[k] = (float)_buffer[k].Real;
            imag[k] = (float)_buffer[k].Imaginary;
        }
    }

    /// <summary>Real signal (Length samples) whose one-sided spectrum is given; scaled by 1/Length.</summary>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        for (int k = 0; k < BinCount; k++)
        {
            _buffer[k] = new Complex(real[k], imag[k]);
        }

        for (int k = BinCount; k < Length; k++)
        {
            _buffer[k] = Complex.Conjugate(_buffer[Length - k]);
        }

        Fourier.Inverse(_buffer, FourierOptions.AsymmetricScaling);
        for (int i = 0; i < Length; i++)
        {
            output[i] = (float)_buffer[i].Real;
        }
    }
}
