using Briefer.Cli;

return await BrieferCommandLine.InvokeAsync(args).ConfigureAwait(false);
