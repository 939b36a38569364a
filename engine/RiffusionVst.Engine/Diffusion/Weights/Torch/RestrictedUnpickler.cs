using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>
/// Reads the pickle torch.save writes for a state dict (protocol 2, plus the few opcodes of protocols 3–4 that
/// newer torch versions emit) without executing anything: it is an interpreter of the pickle stack machine that
/// knows only plain values (None, bools, ints, floats, strings, bytes, tuples, lists, dicts) and the globals torch
/// writes for tensors — <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
/// <c>torch._utils._rebuild_parameter</c> and the <c>torch.*Storage</c> classes. Any other global (say
/// <c>os.system</c> or <c>builtins.eval</c>) and any opcode that builds arbitrary objects (INST, OBJ, NEWOBJ) stops
/// the read with an error naming it, before anything else of the pickle is looked at.
/// </summary>
public sealed class RestrictedUnpickler
{
    private static readonly Dictionary<string, (WeightDataType? Type, int Size)> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = (WeightDataType.Float32, 4),
        ["HalfStorage"] = (WeightDataType.Float16, 2),
        ["BFloat16Storage"] = (WeightDataType.BFloat16, 2),
        // Not weights, but torch writes them in state dicts (position_ids, step counters): read, then skipped.
        ["DoubleStorage"] = (null, 8),
        ["LongStorage"] = (null, 8),
        ["IntStorage"] = (null, 4),
        ["ShortStorage"] = (null, 2),
        ["CharStorage"] = (null, 1),
        ["ByteStorage"] = (null, 1),
        ["BoolStorage"] = (null, 1),
    };

    private readonly string _file;
    private readonly byte[] _data;
    private readonly List<object?> _stack = [];
    private readonly Stack<List<object?>> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    private RestrictedUnpickler(string file, byte[] data)
    {
        _file = file;
        _data = data;
    }

    /// <summary>The globals a pickle may name; everything else is refused.</summary>
    public static IReadOnlyCollection<string> AllowedGlobals { get; } =
        ["collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", .. StorageTypes.Keys.Select(t => "torch." + t)];

    /// <summary>
    /// Reads one pickle. <paramref name="file"/> names the checkpoint in errors. The result is built of null, bool,
    /// long, BigInteger, double, string, byte[], object?[] (tuples), List&lt;object?&gt;, <see cref="PickleDictionary"/>,
    /// <see cref="TorchStorage"/> and <see cref="TorchTensorReference"/>.
    /// </summary>
    public static object? Load(string file, byte[] pickle) => new RestrictedUnpickler(file, pickle).Run();

    private object? Run()
    {
        while (true)
        {
            int at = _position;
            byte opcode = Byte();
            switch (opcode)
            {
                case 0x80: Byte(); break; // PROTO
                case 0x95: Bytes(8); break; // FRAME (protocol 4): framing only
                case (byte)'.': return Pop(); // STOP
                case (byte)'(': _marks.Push([.. _stack]); _stack.Clear(); break; // MARK: the stack so far is set aside
                case (byte)'}': Push(new PickleDictionary()); break;
                case (byte)']': Push(new List<object?>()); break;
                case (byte)')': Push(Array.Empty<object?>()); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
                case (byte)'K': Push((long)Byte()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
                case 0x8a: Push(Long(Bytes(Byte()))); break; // LONG1
                case 0x8b: Push(Long(Bytes(Length(4)))); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break;
                case (byte)'X': Push(Text(Length(4))); break; // BINUNICODE
                case 0x8c: Push(Text(Byte())); break; // SHORT_BINUNICODE
                case 0x8d: Push(Text(Length(8))); break; // BINUNICODE8
                case (byte)'T': Push(Latin1(Length(4))); break; // BINSTRING (Python 2 str)
                case (byte)'U': Push(Latin1(Byte())); break; // SHORT_BINSTRING
                case (byte)'B': Push(Bytes(Length(4)).ToArray()); break; // BINBYTES
                case (byte)'C': Push(Bytes(Byte()).ToArray()); break; // SHORT_BINBYTES
                case 0x8e: Push(Bytes(Length(8)).ToArray()); break; // BINBYTES8
                case (byte)'q': _memo[Byte()] = Peek(); break; // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'h': Push(Memo(Byte(), at)); break; // BINGET
                case (byte)'j': Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)), at)); break; // LONG_BINGET
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP
                case (byte)'t': Push(PopMark().ToArray()); break; // TUPLE
                case 0x85: Push(new[] { Pop() }); break; // TUPLE1
                case 0x86: { object? b = Pop(), a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { object? c = Pop(), b = Pop(), a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'l': Push(PopMark()); break; // LIST
                case (byte)'d': Push(Dictionary(PopMark(), new PickleDictionary(), at)); break; // DICT
                case (byte)'a': { object? item = Pop(); As<List<object?>>(Peek(), "APPEND", at).Add(item); break; }
                case (byte)'e': { List<object?> items = PopMark(); As<List<object?>>(Peek(), "APPENDS", at).AddRange(items); break; }
                case (byte)'s': { object? value = Pop(), key = Pop(); SetItem(As<PickleDictionary>(Peek(), "SETITEM", at), key, value, at); break; }
                case (byte)'u': { List<object?> items = PopMark(); Dictionary(items, As<PickleDictionary>(Peek(), "SETITEMS", at), at); break; }
                case (byte)'c': Push(Global(Line(), Line())); break; // GLOBAL
                case 0x93: { object? name = Pop(), module = Pop(); Push(Global(As<string>(module, "STACK_GLOBAL", at), As<string>(name, "STACK_GLOBAL", at))); break; }
                case (byte)'Q': Push(PersistentLoad(Pop(), at)); break; // BINPERSID
                case (byte)'R': { object? args = Pop(), callable = Pop(); Push(Reduce(callable, args, at)); break; } // REDUCE
                case (byte)'b': Build(Pop(), at); break; // BUILD
                default:
                    throw Refused($"opcode 0x{opcode:x2} at byte {at} is not one torch writes for a state dict (it could build arbitrary objects)");
            }
        }
    }

    private object? Global(string module, string name)
    {
        string full = $"{module}.{name}";
        if (!AllowedGlobals.Contains(full))
        {
            throw Refused($"it names the global '{full}', which is not part of a PyTorch state dict; only {string.Join(", ", AllowedGlobals.Take(3))} and torch storage types are allowed. Nothing was executed");
        }

        return new PickleGlobal(module, name);
    }

    private object? Reduce(object? callable, object? args, int at)
    {
        var function = As<PickleGlobal>(callable, "REDUCE", at);
        object?[] arguments = As<object?[]>(args, "REDUCE", at);
        switch (function.ToString())
        {
            case "collections.OrderedDict" when arguments.Length == 0:
                return new PickleDictionary();
            case "torch._utils._rebuild_tensor_v2" when arguments.Length >= 4:
                return RebuildTensor(arguments, at);
            case "torch._utils._rebuild_parameter" when arguments.Length >= 1 && arguments[0] is TorchTensorReference tensor:
                return tensor;
            default:
                throw Refused($"it calls {function} with arguments this reader does not expect (at byte {at})");
        }
    }

    private TorchTensorReference RebuildTensor(object?[] arguments, int at)
    {
        var storage = As<TorchStorage>(arguments[0], "_rebuild_tensor_v2", at);
        long offset = As<long>(arguments[1], "_rebuild_tensor_v2 offset", at);
        long[] shape = As<object?[]>(arguments[2], "_rebuild_tensor_v2 size", at).Select(d => As<long>(d, "_rebuild_tensor_v2 size", at)).ToArray();
        long[] stride = As<object?[]>(arguments[3], "_rebuild_tensor_v2 stride", at).Select(d => As<long>(d, "_rebuild_tensor_v2 stride", at)).ToArray();
        if (shape.Length != stride.Length || offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0))
        {
            throw Refused($"a tensor at byte {at} has size ({string.Join(", ", shape)}), stride ({string.Join(", ", stride)}) and offset {offset}, which do not fit together");
        }

        return new TorchTensorReference(storage, offset, shape, stride);
    }

    private TorchStorage PersistentLoad(object? id, int at)
    {
        object?[] tuple = As<object?[]>(id, "persistent id", at);
        if (tuple.Length != 5 || tuple[0] is not "storage" || tuple[1] is not PickleGlobal type || tuple[2] is not string key)
        {
            throw Refused($"the persistent id at byte {at} is not torch's ('storage', type, key, location, numel)");
        }

        if (type.Module != "torch" || !StorageTypes.TryGetValue(type.Name, out (WeightDataType? Type, int Size) storage))
        {
            throw Refused($"the persistent id at byte {at} names {type}, which is not a torch storage type");
        }

        (WeightDataType? dataType, int size) = storage;
        return new TorchStorage(key, type.Name, dataType, size, As<long>(tuple[4], "storage numel", at));
    }

    private void Build(object? state, int at)
    {
        // torch pickles a state dict's `_metadata` attribute (per-module versions) as BUILD state on the OrderedDict;
        // it is plain data and not needed. A tensor's BUILD state (requires_grad and the like) is ignored too.
        if (Peek() is not (PickleDictionary or TorchTensorReference))
        {
            throw Refused($"BUILD at byte {at} sets the state of something other than a dict or tensor");
        }

        _ = state;
    }

    private PickleDictionary Dictionary(List<object?> items, PickleDictionary target, int at)
    {
        if (items.Count % 2 != 0)
        {
            throw Refused($"a dict at byte {at} has an odd number of keys and values");
        }

        for (int i = 0; i < items.Count; i += 2)
        {
            SetItem(target, items[i], items[i + 1], at);
        }

        return target;
    }

    private void SetItem(PickleDictionary target, object? key, object? value, int at) =>
        target.Set(key ?? throw Refused($"a dict at byte {at} has the key None"), value);

    private object? Memo(long index, int at) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Refused($"byte {at} refers to memo slot {index}, which was never set");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Refused("the pickle reads from an empty stack");

    private object? Pop()
    {
        object? value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Refused("the pickle closes a group it never opened");
        }

        List<object?> items = [.. _stack];
        _stack.Clear();
        _stack.AddRange(_marks.Pop());
        return items;
    }

    private byte Byte() => Bytes(1)[0];

    private ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || _position > _data.Length - count)
        {
            throw Refused("it ends in the middle of an instruction (the file is truncated)");
        }

        var span = new ReadOnlySpan<byte>(_data, _position, count);
        _position += count;
        return span;
    }

    private int Length(int bytes)
    {
        ulong length = bytes == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)) : BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));
        return length > (ulong)(_data.Length - _position) ? throw Refused("a string or bytes value runs past the end of the pickle") : (int)length;
    }

    private string Text(int length) => Encoding.UTF8.GetString(Bytes(length));

    private string Latin1(int length) => Encoding.Latin1.GetString(Bytes(length));

    private string Line()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
        {
            throw Refused("a GLOBAL name has no end of line");
        }

        string text = Encoding.ASCII.GetString(_data, _position, end - _position);
        _position = end + 1;
        return text;
    }

    private static object Long(ReadOnlySpan<byte> littleEndian)
    {
        var value = new BigInteger(littleEndian, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private T As<T>(object? value, string where, int at) => value is T typed
        ? typed
        : throw Refused($"{where} at byte {at} found {Describe(value)} where it expected {typeof(T).Name}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"the string '{s}'",
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };

    private WeightFileException Refused(string what) =>
        new($"'{_file}' was refused: {what}. Use a safetensors file or a plain PyTorch state dict from a source you trust.");
}
