using Registration.Benchmarks;

// Baselines and in-process measurements for the scripts in benchmarks/; each prints one or two lines.
return args.FirstOrDefault() switch
{
    "sqlite" => SqliteBaseline.Run(args[1..]),
    "mail" => await MailBenchmark.RunAsync(args[1..]),
    "export" => await ExportBenchmark.RunAsync(args[1..]),
    "attendees" => await AttendeeListBenchmark.RunAsync(args[1..]),
    "privacy" => await PrivacyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Registration.Benchmarks sqlite [DB-PATH] [SECONDS] | mail SMTP-PORT [MESSAGES] | export DATA-DIR ROWS SLUG | attendees DATA-DIR [REPEATS] | privacy DATA-DIR");
    return 2;
}
