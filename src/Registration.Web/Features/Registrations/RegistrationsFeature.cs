using Registration.Web.Data;
using Registration.Web.Features.Email;

namespace Registration.Web.Features.Registrations;

public static class RegistrationsFeature
{
    /// <summary>Sign-up, manage links, the place-allocation rule (a domain event handler) and waiting-list offers.</summary>
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddSingleton<SignUpService>();
        services.AddSingleton<ManageService>();
        services.AddSingleton<ManageLinks>();
        services.AddPlaceAllocation();
        services.AddSingleton<WaitlistOffers>();
        services.AddRecurringJob<OfferExpiryJob>("expire-waitlist-offers", TimeSpan.FromMinutes(1));
        return services;
    }

    /// <summary>
    /// The place-allocation rule, handling <see cref="Domain.PlacesMayBeFree"/> in every write transaction
    /// (it needs <see cref="ManageLinks"/> and a <see cref="TimeProvider"/>).
    /// </summary>
    public static IServiceCollection AddPlaceAllocation(this IServiceCollection services) =>
        services.AddSingleton<IDomainEventHandler, PlaceAllocation>();
}
