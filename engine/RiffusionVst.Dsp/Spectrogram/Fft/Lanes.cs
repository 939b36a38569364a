using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>A group of float lanes processed together, so each butterfly is written once and runs scalar, 128- or 256-bit wide.</summary>
/// <remarks>Implemented by small structs; the JIT specialises generic code per struct, so the abstraction costs nothing.</remarks>
internal interface ILanes<TSelf>
    where TSelf : unmanaged, ILanes<TSelf>
{
    /// <summary>Number of floats in one group.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> floats starting at <paramref name="offset"/> past <paramref name="source"/>.</summary>
    static abstract TSelf Load(ref float source, nint offset);

    /// <summary>Stores the group at <paramref name="offset"/> past <paramref name="destination"/>.</summary>
    static abstract void Store(TSelf value, ref float destination, nint offset);

    /// <summary>A group with every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);
}

/// <summary>One float: the scalar path, used where the stride is too short for vectors or SIMD is unavailable.</summary>
internal readonly struct ScalarLanes : ILanes<ScalarLanes>
{
    private readonly float _value;

    private ScalarLanes(float value) => _value = value;

    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes Load(ref float source, nint offset) => new(Unsafe.Add(ref source, offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLanes value, ref float destination, nint offset) => Unsafe.Add(ref destination, offset) = value._value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes Broadcast(float value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes operator +(ScalarLanes left, ScalarLanes right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes operator -(ScalarLanes left, ScalarLanes right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLanes operator *(ScalarLanes left, ScalarLanes right) => new(left._value * right._value);
}

/// <summary>Four floats in a 128-bit vector.</summary>
internal readonly struct Lanes128 : ILanes<Lanes128>
{
    private readonly Vector128<float> _value;

    private Lanes128(Vector128<float> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(ref float source, nint offset) => new(Vector128.LoadUnsafe(ref source, (nuint)offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes128 value, ref float destination, nint offset) => value._value.StoreUnsafe(ref destination, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Broadcast(float value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator +(Lanes128 left, Lanes128 right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator -(Lanes128 left, Lanes128 right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator *(Lanes128 left, Lanes128 right) => new(left._value * right._value);
}

/// <summary>Eight floats in a 256-bit vector.</summary>
internal readonly struct Lanes256 : ILanes<Lanes256>
{
    private readonly Vector256<float> _value;

    private Lanes256(Vector256<float> value) => _value = value;

    /// <inheritdoc/>
    public static int Count => Vector256<float>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref float source, nint offset) => new(Vector256.LoadUnsafe(ref source, (nuint)offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, ref float destination, nint offset) => value._value.StoreUnsafe(ref destination, (nuint)offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Broadcast(float value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator +(Lanes256 left, Lanes256 right) => new(left._value + right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator -(Lanes256 left, Lanes256 right) => new(left._value - right._value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator *(Lanes256 left, Lanes256 right) => new(left._value * right._value);
}
