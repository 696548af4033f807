using System.Globalization;
using System.Text;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Email;
using Registration.Web.Features.Events;

namespace Registration.Web.Features.Notifications;

/// <summary>
/// The words of a sign-up notice or daily summary, one paragraph a line. They name people, their
/// organisation and status only: access and dietary needs and answers to the form stay in the app, and the
/// email links to the attendee list for them. Names are kept to one line each, whatever was stored.
/// </summary>
internal static class NoticeText
{
    /// <summary>Room left in <see cref="OutboxMessage.MaxBodyLength"/> for the counts and the closing lines.</summary>
    private const int MaxListLength = OutboxMessage.MaxBodyLength - 2_000;

    private const string StaysInTheApp = "Access and dietary needs and answers to the form's questions are not sent by email: see them on the attendee list.";

    public static (string Subject, string Body) SignUp(Event ev, EventRegistration person, int? waitlistPosition, AttendeeCounts counts)
    {
        var waiting = person.Status == RegistrationStatus.Waitlisted;
        var subject = waiting ? $"New on the waiting list: {ev.Title}" : $"New sign-up: {ev.Title}";
        var body = new StringBuilder()
            .Append(Person(person)).Append(waiting
                ? waitlistPosition is { } position ? $" joined the waiting list for {ev.Title}, at number {position}." : $" joined the waiting list for {ev.Title}."
                : $" signed up for {ev.Title} and has a place.").Append('\n');
        if (person.StatusChangedBy.StartsWith("organiser ", StringComparison.Ordinal))
        {
            body.Append("Added by ").Append(OneLine(person.StatusChangedBy["organiser ".Length..])).Append(".\n");
        }

        body.Append(Now(counts)).Append('\n').Append(StaysInTheApp);
        return (subject, body.ToString());
    }

    /// <param name="signedUp">Registrations made in the period, oldest first, as they stand now.</param>
    /// <param name="cancelled">Registrations cancelled in the period, oldest first.</param>
    public static (string Subject, string Body) Digest(
        Event ev, DateTime fromUtc, DateTime toUtc, string timeZoneId, IReadOnlyList<EventRegistration> signedUp, IReadOnlyList<EventRegistration> cancelled, AttendeeCounts counts)
    {
        var news = new List<string>();
        if (signedUp.Count > 0)
        {
            news.Add(Count(signedUp.Count, "sign-up", "sign-ups"));
        }

        if (cancelled.Count > 0)
        {
            news.Add(Count(cancelled.Count, "cancellation", "cancellations"));
        }

        var subject = $"Daily summary: {string.Join(", ", news)} for {ev.Title}";
        var body = new StringBuilder()
            .Append("From ").Append(EventDisplay.Moment(fromUtc, timeZoneId)).Append(" to ").Append(EventDisplay.Moment(toUtc, timeZoneId)).Append(":\n");
        // Sign-ups take at most half the room, so a busy day's cancellations are still listed.
        List(body, $"Signed up ({signedUp.Count}):", signedUp, MaxListLength / 2, r => r.Status switch
        {
            RegistrationStatus.Confirmed => "has a place",
            RegistrationStatus.Offered => "has a place on offer",
            RegistrationStatus.Waitlisted => "waiting",
            _ => "has since cancelled",
        });
        List(body, $"Cancelled ({cancelled.Count}):", cancelled, MaxListLength, _ => null);
        body.Append(Now(counts)).Append('\n').Append(StaysInTheApp);
        return (subject, body.ToString());
    }

    private static void List(StringBuilder body, string heading, IReadOnlyList<EventRegistration> people, int stopAtLength, Func<EventRegistration, string?> status)
    {
        if (people.Count == 0)
        {
            return;
        }

        body.Append(heading).Append('\n');
        for (var i = 0; i < people.Count; i++)
        {
            // A day of hundreds still fits one email: the rest are counted, and the list has them all.
            if (body.Length > stopAtLength)
            {
                body.Append("… and ").Append(people.Count - i).Append(" more: see the attendee list.\n");
                return;
            }

            body.Append("• ").Append(Person(people[i]));
            if (status(people[i]) is { } text)
            {
                body.Append(": ").Append(text);
            }

            body.Append('\n');
        }
    }

    private static string Person(EventRegistration person) =>
        person.Organisation is { Length: > 0 } organisation ? $"{OneLine(person.Name)} ({OneLine(organisation)})" : OneLine(person.Name);

    private static string Now(AttendeeCounts counts)
    {
        var places = counts.Capacity is { } capacity
            ? string.Create(CultureInfo.InvariantCulture, $"{counts.Confirmed} confirmed of {Count(capacity, "place", "places")}")
            : string.Create(CultureInfo.InvariantCulture, $"{counts.Confirmed} confirmed (no limit)");
        var offered = counts.Offered > 0 ? string.Create(CultureInfo.InvariantCulture, $", {counts.Offered} on offer") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"Now: {places}{offered}, {counts.Waiting} waiting.");
    }

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    /// <summary>A stored line break would start a paragraph of the email that the person wrote.</summary>
    private static string OneLine(string text) => MessageComposer.HeaderSafe(text);
}
