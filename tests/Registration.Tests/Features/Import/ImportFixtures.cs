namespace Registration.Tests.Features.Import;

/// <summary>Small pages that reproduce, one by one, the quirks of real Jekyll event pages.</summary>
internal static class ImportFixtures
{
    public const string ExtensionKeys = """
        ---
        title: "Monthly meetup: January"
        slug: monthly-meetup-january
        starts: 2031-01-15T14:00
        ends: 2031-01-15T15:30
        timezone: Europe/London
        location: Online
        online_url: https://zoom.example.org/j/123
        capacity: 40
        registration_opens: 2030-12-01T09:00
        registration_closes: 2031-01-15T12:00
        changes_close: 2031-01-14T18:00
        series: Monthly meetup
        reminders: [1d, 1h, 30m]
        questions:
          - label: Which breakout room?
            type: choice
            options: [Policy, Practice]
            required: true
          - Anything else we should know?
        featured: true
        ---
        Our monthly meetup.

        <!--more-->

        More about it.
        """;

    /// <summary>Date-only with trailing spaces, CRLF line ends, topics given twice, project as a string, empty values, no excerpt marker.</summary>
    public static string Quirky => string.Join("\r\n",
        "---",
        "layout: event",
        "title: Quirky page   ",
        "image: ",
        "date: 2030-05-05   ",
        "topics:",
        "  - Public sector",
        "link: ",
        "project: Our Data Futures",
        "category: ",
        "topics:",
        "    - People and Participation",
        "---",
        "",
        "First paragraph is the excerpt.",
        "",
        "Second paragraph is not.");

    public const string DateRange = """
        ---
        title: A week-long festival
        dates: 2030-06-06, 2030-06-10
        project:
            - Alpha project
        projects: Beta project
        ---
        A festival.
        """;

    public const string ProseWhenWhere = """
        ---
        title: "Power and participation: the sequel"
        date: 2030-03-08
        ---

        A one-day conference.

        **When:** Friday 8 March 2030, 10:00-17:00, UK time

        **Where:** Leeds (venue TBC).

        **Registration opens:** Spring 2030. [Sign up to our newsletter](https://example.org/news) to hear first.

        <!--more-->

        Details follow.
        """;

    public const string AtTwoPmOnZoom = """
        ---
        title: "Community of practice"
        date: 2030-07-10
        ---

        On Wednesday 10 July 2030 at 2pm we will hold the next meeting.

        > Please [register here](https://us06web.zoom.us/meeting/register/abc) to attend.
        """;

    public const string AfternoonRange = """
        ---
        title: Design lab
        date: 2030-10-15
        ---
        **When:** Tuesday 15 October 2030, 1:30 - 4:30pm.
        **Where:** Transport House, 1 Cathedral Rd, Cardiff.
        """;

    public const string OtherZone = """
        ---
        title: Washington roundtable
        date: 2030-09-24
        ---
        A discussion in Washington, DC on Tuesday, September 24th at 4 PM ET about citizens and AI.
        """;

    public const string Hostile = """
        ---
        title: Hostile markdown
        date: 2030-08-01
        ---
        Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>.

        <div onclick="steal()">raw block</div>

        [click me](javascript:alert(1)) and [fine](https://example.org/ok).
        """;

    /// <summary>The lines of the real Paris side-event (2025-02-11) that give its place and time.</summary>
    public const string ParisSideEvent = """
        ---
        title: "Global AI Governance: Empowering Civil Society"
        date: 2025-02-11
        ---

        The Artificial Intelligence (AI) Action Summit will take place in Paris on 10th and 11th February 2025.

        <!--more-->

        **Where:** Central Paris
        **When:** Tuesday 11th February 2025, from 9.00am to 12.00
        """;

    /// <summary>A past event whose page gives neither a time nor a place.</summary>
    public const string PastWithoutTimeOrPlace = """
        ---
        title: A talk long ago
        date: 2022-03-08
        ---
        Jeni spoke about data and democracy.
        """;
}
