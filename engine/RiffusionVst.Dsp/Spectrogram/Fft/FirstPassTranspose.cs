using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>Second half of a vectorised first pass: applies the twiddles to butterfly rows and interleaves them into Stockham order.</summary>
/// <remarks>
/// A Stockham first pass (stride 1) reads contiguous q but writes y[Radix·q + k], which no vector loop can do directly.
/// So the butterflies run first as an ordinary pass whose rows are k (t[k·m + q], contiguous in q), and this step
/// multiplies row k by exp(−2πi·qk/n) and transposes 8 q-columns at a time into place.
/// </remarks>
internal static class FirstPassTranspose
{
    /// <summary>Number of q columns handled per step (one 256-bit vector of floats).</summary>
    public const int Width = 8;

    /// <summary>True when the vectorised first pass can run on this machine.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>y[p·q + k] = t[k·m + q]·w(q, k) for the first pass <paramref name="stage"/>; t and y must not overlap.</summary>
    public static void Run(FftStage stage, ReadOnlySpan<float> tr, ReadOnlySpan<float> ti, Span<float> yr, Span<float> yi)
    {
        if (stage.Radix == 4 && Avx.IsSupported)
        {
            RunRadix4(stage, tr, ti, yr, yi);
        }
        else
        {
            RunGeneric(stage, tr, ti, yr, yi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadRotated(
        ref float tr, ref float ti, ref float wr, ref float wi, nint row, nint twiddle, out Vector256<float> re, out Vector256<float> im)
    {
        Vector256<float> ar = Vector256.LoadUnsafe(ref tr, (nuint)row);
        Vector256<float> ai = Vector256.LoadUnsafe(ref ti, (nuint)row);
        Vector256<float> cr = Vector256.LoadUnsafe(ref wr, (nuint)twiddle);
        Vector256<float> ci = Vector256.LoadUnsafe(ref wi, (nuint)twiddle);
        re = (ar * cr) - (ai * ci);
        im = (ar * ci) + (ai * cr);
    }

    private static void RunGeneric(FftStage stage, ReadOnlySpan<float> tr, ReadOnlySpan<float> ti, Span<float> yr, Span<float> yi)
    {
        int p = stage.Radix;
        int m = stage.SubLength;
        ref float tr0 = ref MemoryMarshal.GetReference(tr);
        ref float ti0 = ref MemoryMarshal.GetReference(ti);
        ref float yr0 = ref MemoryMarshal.GetReference(yr);
        ref float yi0 = ref MemoryMarshal.GetReference(yi);
        ref float wr0 = ref MemoryMarshal.GetArrayDataReference(stage.RowTwiddleReal!);
        ref float wi0 = ref MemoryMarshal.GetArrayDataReference(stage.RowTwiddleImag!);
        Span<float> bufferReal = stackalloc float[p * Width];
        Span<float> bufferImag = stackalloc float[p * Width];
        ref float br0 = ref MemoryMarshal.GetReference(bufferReal);
        ref float bi0 = ref MemoryMarshal.GetReference(bufferImag);
        for (int start = 0; start < m; start += Width)
        {
            nint q0 = Math.Min(start, m - Width);
            Vector256.LoadUnsafe(ref tr0, (nuint)q0).StoreUnsafe(ref br0);
            Vector256.LoadUnsafe(ref ti0, (nuint)q0).StoreUnsafe(ref bi0);
            for (int k = 1; k < p; k++)
            {
                LoadRotated(ref tr0, ref ti0, ref wr0, ref wi0, (k * m) + q0, ((k - 1) * m) + q0, out var re, out var im);
                re.StoreUnsafe(ref br0, (nuint)(k * Width));
                im.StoreUnsafe(ref bi0, (nuint)(k * Width));
            }

            nint output = p * q0;
            for (int l = 0; l < Width; l++)
            {
                for (int k = 0; k < p; k++)
                {
                    Unsafe.Add(ref yr0, output + k) = Unsafe.Add(ref br0, (k * Width) + l);
                    Unsafe.Add(ref yi0, output + k) = Unsafe.Add(ref bi0, (k * Width) + l);
                }

                output += p;
            }
        }
    }

    private static void RunRadix4(FftStage stage, ReadOnlySpan<float> tr, ReadOnlySpan<float> ti, Span<float> yr, Span<float> yi)
    {
        int m = stage.SubLength;
        ref float tr0 = ref MemoryMarshal.GetReference(tr);
        ref float ti0 = ref MemoryMarshal.GetReference(ti);
        ref float yr0 = ref MemoryMarshal.GetReference(yr);
        ref float yi0 = ref MemoryMarshal.GetReference(yi);
        ref float wr0 = ref MemoryMarshal.GetArrayDataReference(stage.RowTwiddleReal!);
        ref float wi0 = ref MemoryMarshal.GetArrayDataReference(stage.RowTwiddleImag!);
        for (int start = 0; start < m; start += Width)
        {
            nint q0 = Math.Min(start, m - Width);
            Vector256<float> r0 = Vector256.LoadUnsafe(ref tr0, (nuint)q0);
            Vector256<float> i0 = Vector256.LoadUnsafe(ref ti0, (nuint)q0);
            LoadRotated(ref tr0, ref ti0, ref wr0, ref wi0, m + q0, q0, out var r1, out var i1);
            LoadRotated(ref tr0, ref ti0, ref wr0, ref wi0, (2 * m) + q0, m + q0, out var r2, out var i2);
            LoadRotated(ref tr0, ref ti0, ref wr0, ref wi0, (3 * m) + q0, (2 * m) + q0, out var r3, out var i3);
            nint output = 4 * q0;
            Transpose4x8(r0, r1, r2, r3, ref yr0, output);
            Transpose4x8(i0, i1, i2, i3, ref yi0, output);
        }
    }

    /// <summary>Writes rows a..d (8 columns each) column by column: a0 b0 c0 d0 a1 b1 c1 d1 … a7 b7 c7 d7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x8(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, ref float destination, nint offset)
    {
        Vector256<float> ab02 = Avx.UnpackLow(a, b);   // a0 b0 a1 b1 | a4 b4 a5 b5
        Vector256<float> ab13 = Avx.UnpackHigh(a, b);  // a2 b2 a3 b3 | a6 b6 a7 b7
        Vector256<float> cd02 = Avx.UnpackLow(c, d);
        Vector256<float> cd13 = Avx.UnpackHigh(c, d);
        Vector256<float> col04 = Avx.Shuffle(ab02, cd02, 0x44); // a0 b0 c0 d0 | a4 b4 c4 d4
        Vector256<float> col15 = Avx.Shuffle(ab02, cd02, 0xEE); // a1 b1 c1 d1 | a5 b5 c5 d5
        Vector256<float> col26 = Avx.Shuffle(ab13, cd13, 0x44);
        Vector256<float> col37 = Avx.Shuffle(ab13, cd13, 0xEE);
        Avx.Permute2x128(col04, col15, 0x20).StoreUnsafe(ref destination, (nuint)offset);
        Avx.Permute2x128(col26, col37, 0x20).StoreUnsafe(ref destination, (nuint)(offset + 8));
        Avx.Permute2x128(col04, col15, 0x31).StoreUnsafe(ref destination, (nuint)(offset + 16));
        Avx.Permute2x128(col26, col37, 0x31).StoreUnsafe(ref destination, (nuint)(offset + 24));
    }
}
