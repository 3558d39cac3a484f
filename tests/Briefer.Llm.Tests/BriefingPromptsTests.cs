namespace Briefer.Llm.Tests;

public sealed class BriefingPromptsTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "briefer-prompts-" + Guid.NewGuid().ToString("N"));

    public BriefingPromptsTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "prompts"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "prompts"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    [Fact]
    public void Load_NoDirectoryConfigured_FindsPromptsNextToTheBinary()
    {
        var prompts = BriefingPrompts.Load(null);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "prompts"), prompts.Directory);
        Assert.Equal("Answer", prompts.Answer.Name);
        Assert.Equal("Brief", prompts.Brief.Name);
    }

    [Fact]
    public void Load_BrokenConfigJson_FailsWithThePath()
    {
        File.WriteAllText(Path.Combine(_copy, "Briefing", "Answer", "config.json"), "{ \"schema\": 1, ");

        var error = Assert.Throws<PromptLoadException>(() => BriefingPrompts.Load(_copy));

        Assert.Contains(Path.Combine(_copy, "Briefing"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PromptFileMissing_FailsWithThePath()
    {
        File.Delete(Path.Combine(_copy, "Briefing", "Brief", "skprompt.txt"));

        var error = Assert.Throws<PromptLoadException>(() => BriefingPrompts.Load(_copy));

        Assert.Contains(Path.Combine(_copy, "Briefing", "Brief", "skprompt.txt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PromptWithoutSources_FailsNamingFileAndVariable()
    {
        var path = Path.Combine(_copy, "Briefing", "Answer", "skprompt.txt");
        File.WriteAllText(path, File.ReadAllText(path).Replace("{{$sources}}", string.Empty, StringComparison.Ordinal));

        var error = Assert.Throws<PromptLoadException>(() => BriefingPrompts.Load(_copy));

        Assert.Equal($"The prompt '{path}' does not use {{{{$sources}}}}; see prompts/README.md.", error.Message);
    }
}
