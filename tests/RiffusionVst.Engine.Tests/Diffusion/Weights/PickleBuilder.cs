using System.Buffers.Binary;
using System.Text;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

/// <summary>Writes pickle opcodes by hand (protocol 2, as torch.save emits them), so tests can make honest and hostile pickles.</summary>
internal sealed class PickleBuilder
{
    private readonly MemoryStream _bytes = new();

    public PickleBuilder() => Op(0x80).Op(2);

    public PickleBuilder Op(byte opcode)
    {
        _bytes.WriteByte(opcode);
        return this;
    }

    public PickleBuilder Op(char opcode) => Op((byte)opcode);

    public PickleBuilder Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleBuilder Str(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Raw(length.ToArray()).Raw(utf8);
    }

    public PickleBuilder Int(long value)
    {
        if (value is >= 0 and < 256)
        {
            return Op('K').Op((byte)value);
        }

        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, checked((int)value));
        return Op('J').Raw(bytes.ToArray());
    }

    public PickleBuilder Mark() => Op('(');

    public PickleBuilder Tuple() => Op('t');

    public PickleBuilder IntTuple(IEnumerable<long> values)
    {
        Mark();
        foreach (long value in values)
        {
            Int(value);
        }

        return Tuple();
    }

    public PickleBuilder Reduce() => Op('R');

    public PickleBuilder OrderedDict() => Global("collections", "OrderedDict").Op(')').Reduce();

    /// <summary>Pushes <c>_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())</c> as torch writes it.</summary>
    public PickleBuilder Tensor(string storageType, string key, long storageElements, long offset, long[] shape, long[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2");
        Mark();
        Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(storageElements).Tuple().Op('Q');
        Int(offset).IntTuple(shape).IntTuple(stride).Op(0x89).OrderedDict();
        return Tuple().Reduce();
    }

    public PickleBuilder Raw(byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public byte[] Stop() => Op('.')._bytes.ToArray();
}
