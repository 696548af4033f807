using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;

namespace Registration.Tests.Features.Registrations;

/// <summary>A rush of sign-ups through the real form path never takes more places than there are.</summary>
public sealed class CapacityConcurrencyTests : IDisposable
{
    private const int Places = 20;
    private const int People = 200;
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Two_hundred_parallel_sign_ups_for_twenty_places_five_times_over()
    {
        var signUps = new SignUpClient(_app.CreateClient());
        for (var round = 1; round <= 5; round++)
        {
            var slug = $"rush-{round}";
            var ev = await TestEvents.AddAsync(_app.DbFactory, slug, Places, new DateTime(2025, 7, round, 10, 0, 0));
            var token = await signUps.TokenAsync(slug);

            var pages = await Task.WhenAll(Enumerable.Range(1, People).Select(i =>
                Task.Run(() => signUps.PostAsync(slug, SignUpClient.Fields($"Person {i}", $"person{i}@example.org"), token))));

            Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
            Assert.Equal(Places, pages.Count(p => SignUpClient.Status(p) == "confirmed"));
            Assert.Equal(People - Places, pages.Count(p => SignUpClient.Status(p) == "waitlisted"));
            Assert.Equal(Enumerable.Range(1, People - Places), pages.Select(SignUpClient.WaitlistPosition).OfType<int>().Order());

            await using var db = await _app.DbFactory.CreateDbContextAsync();
            var saved = await db.Registrations.Where(r => r.EventId == ev.Id).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(People, saved.Count);
            Assert.Equal(Places, saved.Count(r => r.Status == RegistrationStatus.Confirmed));
            Assert.All(saved.Take(Places), r => Assert.Equal(RegistrationStatus.Confirmed, r.Status));
            Assert.Equal(People, await db.Outbox.CountAsync(m => m.EventId == ev.Id));
        }
    }
}
