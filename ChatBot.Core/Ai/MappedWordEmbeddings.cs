using System.Reflection;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ChatBot.Core.Ai;

/// <summary>
/// Lets ONNX Runtime read the model's word-embedding table (30,522 tokens × 384 floats, 47 MB) where the runtime mapped
/// it from the package's assembly, instead of keeping a copy of its own: a question touches a few dozen of its rows.
/// The table's bytes are found by walking the ONNX file's protobuf (ModelProto.graph, GraphProto.initializer,
/// TensorProto name, type, dims and raw_data). When anything does not match (an assembly without a file behind it,
/// another model layout), nothing is shared and the session copies the table as it would anyway.
/// </summary>
internal static class MappedWordEmbeddings
{
    public const string InitializerName = "embeddings.word_embeddings.weight";

    // Protobuf field numbers of onnx.proto.
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int FloatType = 1;

    /// <summary>Hands the session the mapped table; the returned value must outlive the session.</summary>
    public static unsafe OrtValue? ShareWith(SessionOptions options, Assembly modelAssembly)
    {
        var resourceName = modelAssembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".onnx", StringComparison.Ordinal));
        if (string.IsNullOrEmpty(modelAssembly.Location) || resourceName is null
            || modelAssembly.GetManifestResourceStream(resourceName) is not UnmanagedMemoryStream resource)
        {
            return null;
        }

        using (resource)
        {
            var model = new ReadOnlySpan<byte>(resource.PositionPointer, checked((int)resource.Length));
            if (TryFind(model) is not { } table)
            {
                return null;
            }

            var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                table.Dims, (nint)(resource.PositionPointer + table.Offset), table.Length);
            options.AddInitializer(InitializerName, value);
            return value;
        }
    }

    private static (long Offset, long Length, long[] Dims)? TryFind(ReadOnlySpan<byte> model)
    {
        try
        {
            return Find(model);
        }
        catch (Exception exception) when (exception is IndexOutOfRangeException or InvalidDataException)
        {
            return null; // not a protobuf this walk understands
        }
    }

    /// <summary>Where the table's floats are in the ONNX file, if it holds them as one raw block.</summary>
    internal static (long Offset, long Length, long[] Dims)? Find(ReadOnlySpan<byte> model)
    {
        foreach (var graph in Fields(model, 0, model.Length, ModelGraph))
        {
            foreach (var tensor in Fields(model, graph.Start, graph.Length, GraphInitializer))
            {
                var name = Fields(model, tensor.Start, tensor.Length, TensorName).FirstOrDefault();
                if (name.Length != InitializerName.Length
                    || Encoding.UTF8.GetString(model.Slice((int)name.Start, (int)name.Length)) != InitializerName)
                {
                    continue;
                }

                var dims = Fields(model, tensor.Start, tensor.Length, TensorDims, packedVarints: true).Select(d => d.Value).ToArray();
                var type = Fields(model, tensor.Start, tensor.Length, TensorDataType).Select(t => t.Value).FirstOrDefault();
                var raw = Fields(model, tensor.Start, tensor.Length, TensorRawData).FirstOrDefault();
                return type == FloatType && dims.Length == 2 && raw.Length == dims[0] * dims[1] * sizeof(float)
                    ? (raw.Start, raw.Length, dims)
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The fields with one number in a protobuf message: varints as values, length-delimited ones as where they are
    /// (a packed repeated varint field yields each of its values).
    /// </summary>
    private static List<(long Value, long Start, long Length)> Fields(
        ReadOnlySpan<byte> message, long start, long length, int number, bool packedVarints = false)
    {
        var found = new List<(long, long, long)>();
        var position = start;
        var end = start + length;
        while (position < end)
        {
            var key = ReadVarint(message, ref position);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    var value = (long)ReadVarint(message, ref position);
                    if (field == number)
                    {
                        found.Add((value, 0, 0));
                    }

                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var size = (long)ReadVarint(message, ref position);
                    if (field == number && packedVarints)
                    {
                        for (var packed = position; packed < position + size;)
                        {
                            found.Add(((long)ReadVarint(message, ref packed), 0, 0));
                        }
                    }
                    else if (field == number)
                    {
                        found.Add((0, position, size));
                    }

                    position += size;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    return []; // groups are not used by onnx.proto: not a model this understands
            }
        }

        return found;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref long position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = message[(int)position++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint runs past 64 bits.");
    }
}
