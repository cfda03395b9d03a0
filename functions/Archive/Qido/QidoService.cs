using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Archive.Indexing;
using Serverless.Archive.Storage;
using Serverless.Dicom;

namespace Serverless.Archive.Qido;

/// <summary>
/// QIDO-RS (PS3.18 §10.6) over the index tables. Exact keys that the table can filter on are pushed down
/// (a study UID becomes a partition lookup); the rest is matched in memory, then paged with offset/limit.
/// </summary>
public sealed class QidoService(ArchiveStore store, InstanceCatalog catalog, IOptions<ArchiveOptions> options)
{
    /// <summary>Result of a search: the matches in the requested page and whether more were cut off by the archive's maximum.</summary>
    public sealed record QidoResult(IReadOnlyList<Action<Utf8JsonWriter>> Items, bool Truncated);

    public async Task<QidoResult> SearchAsync(QidoQuery query, string dicomWebRoot, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return query.Level switch
        {
            QueryLevel.Study => await SearchStudiesAsync(query, dicomWebRoot, cancellationToken).ConfigureAwait(false),
            QueryLevel.Series => await SearchSeriesAsync(query, dicomWebRoot, cancellationToken).ConfigureAwait(false),
            _ => await SearchInstancesAsync(query, dicomWebRoot, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<QidoResult> SearchStudiesAsync(QidoQuery query, string root, CancellationToken ct)
    {
        var page = new Page(query, options.Value.MaxQueryResults);
        await foreach (TableEntity study in store.Studies.QueryAsync<TableEntity>(StudyFilter(query), cancellationToken: ct).ConfigureAwait(false))
        {
            if (!MatchesAll(query, study, except: MatchKind.AnyOf)) continue;
            string uid = study.GetString(IndexColumns.StudyInstanceUID);
            List<TableEntity> instances = await catalog.ListRowsAsync(uid, null, ct).ConfigureAwait(false);
            if (instances.Count == 0) continue;   // index row left behind by an instance that moved
            string[] modalities = instances.Select(i => i.GetString(IndexColumns.Modality)).Where(m => !string.IsNullOrEmpty(m)).Distinct().Order(StringComparer.Ordinal).ToArray()!;
            if (!MatchesModalities(query, modalities)) continue;
            if (!page.Take()) { if (page.Full) break; continue; }

            var o = new JsonObjectBuilder();
            o.AddStored(study.GetString(IndexColumns.StudyJson));
            // Extra attributes come from one instance: only those named, never all (PS3.18 §10.6.3.3.1: no
            // series or instance attributes in a study's result unless asked for).
            if (query.IncludeFields.Count > 0)
                o.AddStored(instances[0].GetString(IndexColumns.ExtraJson), Included(query, all: false));
            if (modalities.Length > 0) o.AddStrings(DicomTag.ModalitiesInStudy, "CS", modalities);
            o.AddNumber(IndexedAttributes.NumberOfStudyRelatedSeries, "IS", instances.Select(i => i.GetString(IndexColumns.SeriesInstanceUID)).Distinct().Count());
            o.AddNumber(IndexedAttributes.NumberOfStudyRelatedInstances, "IS", instances.Count);
            o.AddString(IndexedAttributes.RetrieveURL, "UR", $"{root}/studies/{uid}");
            AddRequestedEmpty(o, query);
            page.Add(o.WriteTo);
        }
        return page.Result();
    }

    private async Task<QidoResult> SearchSeriesAsync(QidoQuery query, string root, CancellationToken ct)
    {
        var page = new Page(query, options.Value.MaxQueryResults);
        IAsyncEnumerable<TableEntity> rows = InstanceRows(query, ct);
        // Rows come ordered by study then series key, so one series' rows are adjacent.
        List<TableEntity> group = [];
        await foreach (TableEntity row in rows.ConfigureAwait(false))
        {
            if (group.Count > 0 && !SameSeries(group[0], row))
            {
                if (!Emit(group)) return page.Result();
                group = [];
            }
            group.Add(row);
        }
        if (group.Count > 0) Emit(group);
        return page.Result();

        bool Emit(List<TableEntity> series)
        {
            TableEntity first = series[0];
            if (!series.Any(r => MatchesAll(query, r, except: null))) return true;
            if (!page.Take()) return !page.Full;
            var o = new JsonObjectBuilder();
            if (query.StudyInstanceUid is null) o.AddStored(first.GetString(IndexColumns.StudyJson));
            o.AddStored(first.GetString(IndexColumns.SeriesJson));
            if (query.IncludeFields.Count > 0) o.AddStored(first.GetString(IndexColumns.ExtraJson), Included(query, all: false));
            string study = first.GetString(IndexColumns.StudyInstanceUID), seriesUid = first.GetString(IndexColumns.SeriesInstanceUID);
            o.AddString(DicomTag.StudyInstanceUID, "UI", study);
            o.AddNumber(IndexedAttributes.NumberOfSeriesRelatedInstances, "IS", series.Count);
            o.AddString(IndexedAttributes.RetrieveURL, "UR", $"{root}/studies/{study}/series/{seriesUid}");
            AddRequestedEmpty(o, query);
            page.Add(o.WriteTo);
            return true;
        }
    }

    private async Task<QidoResult> SearchInstancesAsync(QidoQuery query, string root, CancellationToken ct)
    {
        var page = new Page(query, options.Value.MaxQueryResults);
        await foreach (TableEntity row in InstanceRows(query, ct).ConfigureAwait(false))
        {
            if (!MatchesAll(query, row, except: null)) continue;
            if (!page.Take()) { if (page.Full) break; continue; }
            var o = new JsonObjectBuilder();
            if (query.StudyInstanceUid is null) o.AddStored(row.GetString(IndexColumns.StudyJson));
            if (query.SeriesInstanceUid is null) o.AddStored(row.GetString(IndexColumns.SeriesJson));
            o.AddStored(row.GetString(IndexColumns.InstanceJson));
            if (query.IncludeAll || query.IncludeFields.Count > 0) o.AddStored(row.GetString(IndexColumns.ExtraJson), Included(query, query.IncludeAll));
            string study = row.GetString(IndexColumns.StudyInstanceUID), series = row.GetString(IndexColumns.SeriesInstanceUID), sop = row.GetString(IndexColumns.SOPInstanceUID);
            o.AddString(DicomTag.StudyInstanceUID, "UI", study);
            o.AddString(DicomTag.SeriesInstanceUID, "UI", series);
            o.AddString(IndexedAttributes.RetrieveURL, "UR", $"{root}/studies/{study}/series/{series}/instances/{sop}");
            AddRequestedEmpty(o, query);
            page.Add(o.WriteTo);
        }
        return page.Result();
    }

    private IAsyncEnumerable<TableEntity> InstanceRows(QidoQuery query, CancellationToken ct)
    {
        string? filter = query.StudyInstanceUid is not null
            ? InstanceCatalog.PartitionFilter(query.StudyInstanceUid, query.SeriesInstanceUid)
            : StudyFilter(query);
        return store.InstanceIndex.QueryAsync<TableEntity>(filter, cancellationToken: ct);
    }

    /// <summary>
    /// Server-side filter: a single Study Instance UID becomes a partition lookup; everything else is matched in
    /// memory (values such as GUID-like patient IDs trip Azurite's filter parser, and wildcards need it anyway).
    /// </summary>
    private static string? StudyFilter(QidoQuery query)
    {
        var parts = new List<string>();
        foreach ((MatchKey key, string value) in query.Matches)
        {
            if (parts.Count >= 10) break;   // Azure Tables allows at most 15 comparisons per filter
            if (key.Kind == MatchKind.UidList && key.Tag == DicomTag.StudyInstanceUID && !value.Contains(',') && !value.Contains('\\'))
                parts.Add(TableClient.CreateQueryFilter($"PartitionKey eq {ArchiveNames.Key(value)}"));
        }
        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    private static bool MatchesAll(QidoQuery query, TableEntity row, MatchKind? except)
    {
        foreach ((MatchKey key, string value) in query.Matches)
        {
            if (key.Kind == except) continue;
            if (!ValueMatcher.Matches(key.Kind, value, row.GetString(key.Column))) return false;
        }
        return true;
    }

    private static bool MatchesModalities(QidoQuery query, string[] modalities)
    {
        foreach ((MatchKey key, string value) in query.Matches)
        {
            if (key.Kind == MatchKind.AnyOf && !ValueMatcher.Matches(MatchKind.AnyOf, value, string.Join('\\', modalities))) return false;
        }
        return true;
    }

    private static bool SameSeries(TableEntity a, TableEntity b) =>
        a.PartitionKey == b.PartitionKey && a.GetString(IndexColumns.SeriesInstanceUID) == b.GetString(IndexColumns.SeriesInstanceUID);

    private static Func<string, bool> Included(QidoQuery query, bool all)
    {
        if (all) return _ => true;
        var keys = query.IncludeFields.Select(t => t.ToJsonKey()).ToHashSet(StringComparer.Ordinal);
        return keys.Contains;
    }

    private static void AddRequestedEmpty(JsonObjectBuilder o, QidoQuery query)
    {
        foreach ((MatchKey key, _) in query.Matches)
            o.AddEmptyIfMissing(key.Tag, VrOf(key));
        // Attributes PS3.18 Tables 10.6.3-3 to -5 mark Required are returned empty when the instance lacks them.
        if (query.Level == QueryLevel.Study || query.StudyInstanceUid is null)
            foreach ((DicomTag tag, string vr) in RequiredStudyAttributes) o.AddEmptyIfMissing(tag, vr);
        if (query.Level == QueryLevel.Series || (query.Level == QueryLevel.Instance && query.SeriesInstanceUid is null))
            foreach ((DicomTag tag, string vr) in RequiredSeriesAttributes) o.AddEmptyIfMissing(tag, vr);
        if (query.Level == QueryLevel.Instance)
            foreach ((DicomTag tag, string vr) in RequiredInstanceAttributes) o.AddEmptyIfMissing(tag, vr);
    }

    private static readonly (DicomTag Tag, string Vr)[] RequiredStudyAttributes =
    [
        (DicomTag.StudyDate, "DA"), (DicomTag.StudyTime, "TM"), (DicomTag.AccessionNumber, "SH"),
        (DicomTag.ReferringPhysicianName, "PN"), (DicomTag.PatientName, "PN"), (DicomTag.PatientID, "LO"),
        (DicomTag.PatientBirthDate, "DA"), (DicomTag.PatientSex, "CS"), (DicomTag.StudyID, "SH"),
    ];

    private static readonly (DicomTag Tag, string Vr)[] RequiredSeriesAttributes =
        [(DicomTag.Modality, "CS"), (DicomTag.SeriesNumber, "IS")];

    private static readonly (DicomTag Tag, string Vr)[] RequiredInstanceAttributes =
        [(DicomTag.InstanceNumber, "IS")];

    private static string VrOf(MatchKey key) => key.Kind switch
    {
        MatchKind.UidList => "UI",
        MatchKind.PersonName => "PN",
        MatchKind.DateRange => "DA",
        MatchKind.AnyOf => "CS",
        MatchKind.Integer => "IS",
        _ => key.Tag == DicomTag.Modality || key.Tag == DicomTag.PatientSex ? "CS" : "LO",
    };

    /// <summary>offset/limit bookkeeping; the archive's maximum caps the page.</summary>
    private sealed class Page(QidoQuery query, int max)
    {
        private readonly List<Action<Utf8JsonWriter>> _items = [];
        private readonly int _limit = Math.Min(query.Limit ?? max, max);
        private int _skipped;
        private bool _truncated;

        public bool Full => _items.Count >= _limit;

        /// <summary>True when the next match belongs in the page (false while skipping the offset or once full).</summary>
        public bool Take()
        {
            if (_skipped < query.Offset) { _skipped++; return false; }
            if (Full) { if (query.Limit is null || query.Limit > max) _truncated = true; return false; }
            return true;
        }

        public void Add(Action<Utf8JsonWriter> item) => _items.Add(item);

        public QidoResult Result() => new(_items, _truncated);
    }
}
