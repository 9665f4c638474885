namespace ChatBot.Api.Knowledge;

/// <summary>
/// The body of an import as uploaded: raw JSON or CSV, or a multipart upload (field <c>file</c>) whose name or type
/// says which. Kept as uploaded: the Worker parses it again when it writes it.
/// </summary>
public sealed record FaqImportFile(byte[]? Content, string FileName, string MediaType, string? Error, int StatusCode = StatusCodes.Status400BadRequest)
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";

    public static async Task<FaqImportFile> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException)
            {
                // IOException: the multipart body ends before its closing boundary.
                return Failed($"The form upload is malformed: {exception.Message}");
            }

            var upload = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (upload is null)
            {
                return Failed("Attach the file in a form field named 'file'.");
            }

            await using var stream = upload.OpenReadStream();
            var isCsv = upload.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || upload.ContentType.Contains("csv", StringComparison.OrdinalIgnoreCase);
            return await BufferAsync(stream, Path.GetFileName(upload.FileName), isCsv ? Csv : Json, cancellationToken);
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            Json => await BufferAsync(request.Body, "faqs.json", Json, cancellationToken),
            Csv or "application/csv" => await BufferAsync(request.Body, "faqs.csv", Csv, cancellationToken),
            _ => Failed("Send application/json, text/csv or a multipart/form-data upload.", StatusCodes.Status415UnsupportedMediaType),
        };
    }

    private static FaqImportFile Failed(string error, int statusCode = StatusCodes.Status400BadRequest) => new(null, "", "", error, statusCode);

    private static async Task<FaqImportFile> BufferAsync(Stream body, string fileName, string mediaType, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length == 0
            ? Failed("The file is empty.")
            : new FaqImportFile(buffer.ToArray(), string.IsNullOrWhiteSpace(fileName) ? "upload" : fileName[..Math.Min(fileName.Length, 200)], mediaType, null);
    }
}
