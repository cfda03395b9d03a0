using Azure;
using Azure.Data.Tables;
using Serverless.Archive.Http;
using Serverless.Archive.Storage;

namespace Serverless.Archive.Indexing;

/// <summary>Looks instances up in the index: by study, series or SOP Instance UID.</summary>
public sealed class InstanceCatalog(ArchiveStore store)
{
    /// <summary>Instance rows of one study (and series) in key order, following continuation tokens.</summary>
    public async Task<List<TableEntity>> ListRowsAsync(string studyUid, string? seriesUid, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        await foreach (TableEntity e in store.InstanceIndex.QueryAsync<TableEntity>(PartitionFilter(studyUid, seriesUid), cancellationToken: cancellationToken).ConfigureAwait(false))
            rows.Add(e);
        return rows;
    }

    /// <summary>
    /// The instances of a study, a series or one instance, ordered by series then instance number.
    /// Throws a 404 <see cref="ArchiveRequestException"/> naming what was not found.
    /// </summary>
    public async Task<List<IndexedInstance>> ResolveAsync(string studyUid, string? seriesUid, string? sopInstanceUid, CancellationToken cancellationToken)
    {
        DicomUid.Require(studyUid, "Study Instance UID");
        if (seriesUid is not null) DicomUid.Require(seriesUid, "Series Instance UID");
        if (sopInstanceUid is not null) DicomUid.Require(sopInstanceUid, "SOP Instance UID");
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (sopInstanceUid is not null)
        {
            try
            {
                Response<TableEntity> row = await store.InstanceIndex.GetEntityAsync<TableEntity>(
                    ArchiveNames.Key(studyUid), ArchiveNames.InstanceRowKey(seriesUid!, sopInstanceUid), cancellationToken: cancellationToken).ConfigureAwait(false);
                return [IndexedInstance.FromEntity(row.Value)];
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw ArchiveRequestException.NotFound($"Instance {sopInstanceUid} of series {seriesUid} in study {studyUid} is not in the archive.");
            }
        }
        List<TableEntity> rows = await ListRowsAsync(studyUid, seriesUid, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
            throw ArchiveRequestException.NotFound(seriesUid is null
                ? $"Study {studyUid} is not in the archive."
                : $"Series {seriesUid} of study {studyUid} is not in the archive.");
        return rows.Select(IndexedInstance.FromEntity)
            .OrderBy(i => i.SeriesInstanceUid, StringComparer.Ordinal)
            .ThenBy(i => i.InstanceNumber ?? int.MaxValue)
            .ThenBy(i => i.SopInstanceUid, StringComparer.Ordinal)
            .ToList();
    }

    public static string PartitionFilter(string studyUid, string? seriesUid)
    {
        string pk = ArchiveNames.Key(studyUid);
        if (seriesUid is null) return TableClient.CreateQueryFilter($"PartitionKey eq {pk}");
        (string from, string to) = ArchiveNames.SeriesRowRange(seriesUid);
        return TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {from} and RowKey lt {to}");
    }
}
