using System.Net;

namespace ChatBot.Web.Tests.Chat;

/// <summary>
/// A network fault between web app and Api: the first Server-Sent Events response breaks after
/// <paramref name="cutAfterBytes"/> bytes, as a dropped connection does. Later responses pass untouched.
/// </summary>
public sealed class CutFirstEventStream(int cutAfterBytes) : DelegatingHandler
{
    private int _cut;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream"
            || Interlocked.Exchange(ref _cut, 1) == 1)
        {
            return response;
        }

        var headers = response.Content.Headers.ToList();
        response.Content = new StreamContent(new BreakingStream(await response.Content.ReadAsStreamAsync(cancellationToken), cutAfterBytes));
        foreach (var header in headers)
        {
            response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return response;
    }

    private sealed class BreakingStream(Stream inner, int limit) : Stream
    {
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= limit)
            {
                throw new IOException("The connection was reset (test fault).");
            }

            var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, limit - _read)], cancellationToken);
            _read += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
