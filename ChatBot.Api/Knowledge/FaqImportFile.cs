using ChatBot.Core.Knowledge;

namespace ChatBot.Api.Knowledge;

/// <summary>
/// The body of an import: raw JSON or CSV, or a multipart upload (field <c>file</c>) whose name or type says which.
/// </summary>
public sealed record FaqImportFile(IReadOnlyList<ImportRow>? Rows, string? Error, int StatusCode = StatusCodes.Status400BadRequest)
{
    public static async Task<FaqImportFile> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                return new FaqImportFile(null, $"The form upload is malformed: {exception.Message}");
            }

            var upload = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (upload is null)
            {
                return new FaqImportFile(null, "Attach the file in a form field named 'file'.");
            }

            await using var stream = upload.OpenReadStream();
            var isCsv = upload.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || upload.ContentType.Contains("csv", StringComparison.OrdinalIgnoreCase);
            return await ParseAsync(stream, isCsv, cancellationToken);
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => await ParseAsync(request.Body, isCsv: false, cancellationToken),
            "text/csv" or "application/csv" => await ParseAsync(request.Body, isCsv: true, cancellationToken),
            _ => new FaqImportFile(null, "Send application/json, text/csv or a multipart/form-data upload.", StatusCodes.Status415UnsupportedMediaType),
        };
    }

    private static async Task<FaqImportFile> ParseAsync(Stream body, bool isCsv, CancellationToken cancellationToken)
    {
        // The parsers are synchronous; buffer first so Kestrel's body stream is never read synchronously.
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return new FaqImportFile(isCsv ? FaqImportParser.ParseCsv(buffer) : FaqImportParser.ParseJson(buffer), null);
    }
}
