using Microsoft.Extensions.Localization;

namespace ReEngage.Gateway.Localization;

/// <summary>ASP.NET Core's resource-file localizers, each wrapped so that a text missing from every resource file is recorded.</summary>
internal sealed class RecordingStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner, MissingTexts missing) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new RecordingStringLocalizer(inner.Create(resourceSource), resourceSource.Name, missing);

    public IStringLocalizer Create(string baseName, string location) => new RecordingStringLocalizer(inner.Create(baseName, location), baseName, missing);
}
