using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Briefer.Cli.Eval;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;

namespace Briefer.Cli.Train;

/// <summary>What the error-analysis dump shows of one question besides its rows.</summary>
/// <param name="Id">The question's id (SQuAD), or empty.</param>
/// <param name="Kind">The question's kind: the set's own (documentation) or the analysed answer type (SQuAD).</param>
/// <param name="Texts">Per candidate: its text.</param>
/// <param name="Pages">Per candidate: its page's file name (documentation sets; empty for SQuAD).</param>
/// <param name="GoldInChunk">Whether a retrieved chunk from an allowed page holds a gold string (documentation sets).</param>
internal sealed record QuestionNotes(string Id, string Text, string Kind, IReadOnlyList<string> Gold, IReadOnlyList<string> Texts, IReadOnlyList<string> Pages, bool GoldInChunk);

/// <summary>One part's featurized questions (a SQuAD sample or a documentation set), with their notes.</summary>
internal sealed record TrainingPart(IReadOnlyList<TrainingQuestion> Questions, IReadOnlyList<QuestionNotes> Notes);

/// <summary>
/// A part's featurized training questions kept in its store folder (gzip'd binary), so a run that changes only training
/// settings (trees, leaves, weights, grades, ablations) reuses them instead of retrieving and featurizing again, which is
/// most of a run. A file is read only when its key matches exactly: the knowledge core's build, the feature tables'
/// names, the part's content and settings, and <see cref="Format"/>; anything else rebuilds it.
/// </summary>
/// <remarks>
/// The labels are computed by the Lab (the sets' matching rules), which the core's build does not cover: bump
/// <see cref="Format"/> when labelling or what is kept changes.
/// </remarks>
internal static class TrainingRows
{
    /// <summary>The layout and labelling version of kept rows.</summary>
    public const int Format = 1;

    private const string Magic = "briefer-training-rows";

    /// <summary>The full key of a part's rows: the build, the feature tables, and <paramref name="part"/> (the part's content and settings).</summary>
    public static string Key(string part) => string.Join(
        '\n',
        $"format {Format}",
        $"core {CoreBuild.Id}",
        "candidate " + string.Join(',', AnswerFeatures.CandidateNames),
        "question " + string.Join(',', AnswerFeatures.QuestionNames),
        "part " + part);

    /// <summary>Where rows of <paramref name="key"/> are kept in the part's store <paramref name="folder"/>.</summary>
    public static string PathOf(string folder, string key) =>
        Path.Combine(folder, "training-rows-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16] + ".bin.gz");

    /// <summary>The SHA-256 of a file's bytes, for a part's key.</summary>
    public static string HashOf(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The part kept at <paramref name="path"/> when it was written under exactly <paramref name="key"/>; otherwise null.</summary>
    public static TrainingPart? Read(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var file = File.OpenRead(path);
            using var zip = new GZipStream(file, CompressionMode.Decompress);
            using var r = new BinaryReader(new BufferedStream(zip, 1 << 16), Encoding.UTF8);
            if (r.ReadString() != Magic || r.ReadString() != key)
            {
                return null;
            }

            var count = r.ReadInt32();
            var questions = new List<TrainingQuestion>(count);
            var notes = new List<QuestionNotes>(count);
            for (var k = 0; k < count; k++)
            {
                var (question, note) = ReadQuestion(r);
                questions.Add(question);
                notes.Add(note);
            }

            return questions.Count == count ? new TrainingPart(questions, notes) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="part"/> at <paramref name="path"/> under <paramref name="key"/> (written whole, then moved in place).</summary>
    public static void Write(string path, string key, TrainingPart part)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
        using (var w = new BinaryWriter(new BufferedStream(zip, 1 << 16), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(key);
            w.Write(part.Questions.Count);
            for (var k = 0; k < part.Questions.Count; k++)
            {
                WriteQuestion(w, part.Questions[k], part.Notes[k]);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteQuestion(BinaryWriter w, TrainingQuestion q, QuestionNotes notes)
    {
        var facts = q.Facts ?? throw new InvalidOperationException("a training question without its question facts cannot be kept");
        var n = q.Rows.Count;
        w.Write(q.Fold);
        w.Write(q.Answerable);
        w.Write(q.MissingDocument);
        w.Write(q.RuleAbstains);
        w.Write(q.Weight);
        w.Write(q.Project);
        w.Write(n);
        w.Write(AnswerFeatures.CandidateNames.Count);
        foreach (var row in q.Rows)
        {
            foreach (var v in row)
            {
                w.Write(v);
            }
        }

        for (var i = 0; i < n; i++)
        {
            w.Write(q.Labels[i]);
            w.Write(q.Previous[i]);
            w.Write(q.Next[i]);
            w.Write(q.OpensWithReference[i]);
            w.Write(facts.Coverage[i]);
        }

        w.Write(q.RightPage is not null);
        foreach (var right in q.RightPage ?? [])
        {
            w.Write(right);
        }

        w.Write(facts.Fixed.Count);
        foreach (var v in facts.Fixed)
        {
            w.Write(v);
        }

        w.Write(facts.MaxCoverage);
        w.Write(notes.Id);
        w.Write(notes.Text);
        w.Write(notes.Kind);
        WriteStrings(w, notes.Gold);
        WriteStrings(w, notes.Texts);
        WriteStrings(w, notes.Pages);
        w.Write(notes.GoldInChunk);
    }

    private static (TrainingQuestion Question, QuestionNotes Notes) ReadQuestion(BinaryReader r)
    {
        var (fold, answerable, missing, ruleAbstains, weight, project) = (r.ReadInt32(), r.ReadBoolean(), r.ReadBoolean(), r.ReadBoolean(), r.ReadInt32(), r.ReadString());
        var n = r.ReadInt32();
        var width = r.ReadInt32();
        if (width != AnswerFeatures.CandidateNames.Count)
        {
            throw new InvalidDataException("kept rows of another width");
        }

        var rows = new float[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new float[width];
            for (var j = 0; j < width; j++)
            {
                rows[i][j] = r.ReadSingle();
            }
        }

        var (labels, previous, next, opens, coverage) = (new bool[n], new int[n], new int[n], new bool[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            (labels[i], previous[i], next[i], opens[i], coverage[i]) = (r.ReadBoolean(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(), r.ReadDouble());
        }

        bool[]? rightPage = null;
        if (r.ReadBoolean())
        {
            rightPage = new bool[n];
            for (var i = 0; i < n; i++)
            {
                rightPage[i] = r.ReadBoolean();
            }
        }

        var fixedValues = new float[r.ReadInt32()];
        for (var i = 0; i < fixedValues.Length; i++)
        {
            fixedValues[i] = r.ReadSingle();
        }

        var facts = new QuestionFacts(fixedValues, coverage, r.ReadDouble());
        var notes = new QuestionNotes(r.ReadString(), r.ReadString(), r.ReadString(), ReadStrings(r), ReadStrings(r), ReadStrings(r), r.ReadBoolean());
        var question = new TrainingQuestion(fold, answerable, rows, labels, (scores, best) => AnswerFeatures.QuestionRow(facts, rows, scores, best), previous, next, opens)
        {
            MissingDocument = missing,
            RuleAbstains = ruleAbstains,
            Weight = weight,
            Project = project,
            RightPage = rightPage,
            Facts = facts,
        };
        return (question, notes);
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[r.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadString();
        }

        return values;
    }
}
