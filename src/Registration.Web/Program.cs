using Registration.Web;

return await RegistrationApp.RunAsync(args);

/// <summary>The entry point, named so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
