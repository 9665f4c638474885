using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ChatBot.Core.Ai;

/// <summary>
/// Gives back the memory a model embedded in an assembly leaves behind once ONNX Runtime has built its session from it.
/// The runtime maps the assembly from disk, so reading the 90 MB model once leaves all of its pages resident for the
/// life of the process, and the copy the loader read them into waits on the large-object heap for a full collection
/// that an idle server never runs. ONNX Runtime keeps its own copy of the weights, except the word-embedding table it
/// reads from the mapping (<see cref="MappedWordEmbeddings"/>): of that, the pages it touches come back from the file.
/// </summary>
internal static partial class EmbeddedModelMemory
{
    // Linux's madvise advice: drop the pages; clean pages of a file mapping are read from the file again if touched.
    private const int DontNeed = 4;

    public static void Release(Assembly modelAssembly)
    {
        // An assembly with a file behind it is mapped from that file; one loaded from memory has no pages to re-read.
        if (OperatingSystem.IsLinux() && !string.IsNullOrEmpty(modelAssembly.Location))
        {
            foreach (var name in modelAssembly.GetManifestResourceNames())
            {
                using var resource = modelAssembly.GetManifestResourceStream(name) as UnmanagedMemoryStream;
                if (resource is not null)
                {
                    DropWholePages(resource);
                }
            }

            ReturnFreedNativeMemory();
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static unsafe void DropWholePages(UnmanagedMemoryStream resource)
    {
        long pageSize = Environment.SystemPageSize;
        var start = (long)resource.PositionPointer;
        var end = start + resource.Length;
        // Only pages that hold nothing but the resource: the rest of the assembly shares the ones at either end.
        var first = (start + pageSize - 1) / pageSize * pageSize;
        var last = end / pageSize * pageSize;
        if (last > first)
        {
            _ = Advise((nint)first, (nuint)(last - first), DontNeed);
        }
    }

    /// <summary>
    /// ONNX Runtime builds the session through temporary buffers that glibc's allocator keeps in its arenas after they
    /// are freed; malloc_trim hands those pages back. Other C libraries (musl) lack it and keep theirs.
    /// </summary>
    private static void ReturnFreedNativeMemory()
    {
        try
        {
            _ = TrimAllocator(0);
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int TrimAllocator(nuint keep);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}
