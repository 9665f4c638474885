using ChatBot.Core.Data;
using ChatBot.Worker;
using ChatBot.Worker.Migrations;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var app = WorkerHost.Build(args);
await app.MigrateOnStartIfConfiguredAsync();
await app.RunAsync();
return 0;
