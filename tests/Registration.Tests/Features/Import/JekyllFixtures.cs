namespace Registration.Tests.Features.Import;

/// <summary>Pages written for the old Jekyll site: Liquid, links between event pages, and kramdown's forgiven slips.</summary>
internal static class JekyllFixtures
{
    public const string Workshop = """
        ---
        title: Design workshop
        date: 2030-03-01
        image: "{{ site.baseurl }}/assets/workshop.png"
        ---
        Read the [follow-up]({{site.baseurl}}/events/2030-04-01-follow-up) and the [report]({{ site.baseurl }}/assets/Workshop Report.pdf).

        ![The room"]({{ site.baseurl }}/assets/room.png)

        A [community of practice]((https://example.org/cop)) meets monthly.

        {% include signup.html %}
        """;

    /// <summary>Its own slug, so links to its Jekyll name must be translated.</summary>
    public const string FollowUp = """
        ---
        title: Follow-up session
        slug: follow-up-session
        date: 2030-04-01
        ---
        After the [workshop](https://old.example.org/events/2030-03-01-workshop) in March.
        """;

    public const string Third = """
        ---
        title: Third session
        date: 2030-05-01
        ---
        After the [workshop](/events/2030-03-01-workshop) and before [the next one]({{ site.baseurl }}/events/2030-06-01-next).
        """;
}
