using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace ChatBot.Core.Configuration;

public static class ConfigurationBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="SeedEnvironmentAliases"/> just below the unprefixed environment variables, so the seed's
    /// variables override appsettings while our own variables (e.g. <c>Jwt__SigningKey</c>) still override them.
    /// </summary>
    public static IConfigurationBuilder AddSeedEnvironmentAliases(this IConfigurationBuilder configuration,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var sources = configuration.Sources;
        if (sources.OfType<SeedEnvironmentAliases>().Any())
        {
            return configuration;
        }

        var aliases = new SeedEnvironmentAliases(environment);
        var environmentIndex = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                environmentIndex = i;
            }
        }

        if (environmentIndex < 0)
        {
            sources.Add(aliases);
        }
        else
        {
            sources.Insert(environmentIndex, aliases);
        }

        return configuration;
    }
}
