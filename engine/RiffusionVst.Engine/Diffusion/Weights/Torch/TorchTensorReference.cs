namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>What <c>torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)</c> would build: a strided view of a storage.</summary>
/// <param name="Storage">The storage the tensor views.</param>
/// <param name="Offset">First element, counted in elements of the storage.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Stride">Elements to step per dimension.</param>
public sealed record TorchTensorReference(TorchStorage Storage, long Offset, long[] Shape, long[] Stride)
{
    /// <summary>Product of the dimensions.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, d) => product * d);

    /// <summary>True when the elements are one row-major run of the storage (dimensions of size 1 may have any stride).</summary>
    public bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (int i = Shape.Length - 1; i >= 0; i--)
            {
                if (Shape[i] != 1 && Stride[i] != expected)
                {
                    return false;
                }

                expected *= Shape[i];
            }

            return true;
        }
    }
}
