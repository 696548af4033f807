using System.Globalization;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using QRCoder;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Calendar;
using Registration.Web.Features.Events;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Email;

/// <summary>
/// What one outbox message needs besides itself to become an email. <paramref name="ManageToken"/> is the
/// message's own manage link (null only for messages queued before every message carried one);
/// <paramref name="EarlierRegistrations"/> counts the person's earlier registrations for the event, for the
/// calendar sequence; <paramref name="HasCalendarEntry"/> says whether this registration was ever sent a
/// calendar file (a place), so that only those people are sent one that removes it.
/// </summary>
public sealed record MessageContext(
    OutboxMessage Message, EventRegistration Registration, Event Event, string? ManageToken, int? WaitlistPosition, int EarlierRegistrations = 0, bool HasCalendarEntry = false);

/// <summary>
/// Turns an outbox message into an email with a plain-text and an HTML part, in plain language, with times
/// in the event's own zone and, where it helps, a calendar file. Everything that came from a person is
/// kept out of header syntax: CR, LF and NUL are removed from header values, and addresses are checked.
/// </summary>
public sealed class MessageComposer(
    IOptions<EmailOptions> email, IOptions<RegistrationOptions> registration, PublicUrls urls, TimeProvider clock, CheckInCodes checkInCodes, MarkdownRenderer markdown)
{
    /// <summary>
    /// The style of every email's body, and of the preview that shows one on the page: long words and
    /// addresses wrap instead of widening the message past a phone's screen.
    /// </summary>
    public const string BodyStyle = "font-family: sans-serif; line-height: 1.5; overflow-wrap: break-word; word-wrap: break-word; word-break: break-word";

    /// <summary>The token in the manage link a preview shows: each real message carries its own, secret one.</summary>
    public const string PreviewToken = "preview";

    private const string CheckInImageId = "check-in-code";
    private const string NonAsciiLocalPart = "The address has non-ASCII characters before the @, which this mail system cannot send to.";

    public MailMessage Compose(MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (message, _, ev, _, _, earlier, _) = context;
        var content = Content(context);
        var mail = Envelope(message, content);
        if (content.CalendarMethod is { } method)
        {
            var ics = new IcsWriter(method)
                .AddEvent(ev, urls.EventPage(ev.Slug), clock.GetUtcNow().UtcDateTime, cancelled: content.CalendarCancels, organizerEmail: mail.From!.Address, earlierRegistrations: earlier)
                .ToString();
            var attachment = new Attachment(new MemoryStream(Encoding.UTF8.GetBytes(ics)), new ContentType($"text/calendar; charset=utf-8; method={method}"))
            {
                Name = $"{ev.Slug}.ics",
            };
            attachment.ContentDisposition!.FileName = $"{ev.Slug}.ics";
            mail.Attachments.Add(attachment);
        }

        return mail;
    }

    /// <summary>An organiser's invitation or password reset, with the link it carries (<paramref name="setPasswordPath"/>, relative to the site).</summary>
    public MailMessage ComposeForOrganiser(OutboxMessage message, string setPasswordPath)
    {
        ArgumentNullException.ThrowIfNull(message);
        var organisation = registration.Value.OrganisationName;
        var link = new Uri(urls.BaseUri(), setPasswordPath);
        var body = new Body(string.Empty);
        switch (message.Kind)
        {
            case MessageKind.OrganiserInvitation:
                body.Subject = $"You have been added as an organiser: {organisation}";
                body.Paragraph($"You have been added as an organiser of {organisation}'s events, signing in as {message.ToAddress}.");
                body.Paragraph($"Choose your password with the link below. It works once, for {Duration((int)PasswordLinks.InvitationLifespan.TotalMinutes)}; if it runs out, ask an Admin to send the invitation again.");
                body.Link("Set your password", link);
                break;
            case MessageKind.PasswordReset:
                body.Subject = $"Set a new password: {organisation}";
                body.Paragraph($"Someone, probably you, asked for a link to set a new password for the organiser account {message.ToAddress}.");
                body.Paragraph($"The link below works once, for {Duration((int)PasswordLinks.ResetLifespan.TotalMinutes)}. If you did not ask for it, you can ignore this email: your password has not changed.");
                body.Link("Set a new password", link);
                break;
            default:
                throw new InvalidOperationException($"{message.Kind} is not a message to an organiser.");
        }

        body.Closing(organisation);
        return Envelope(message, body);
    }

    /// <summary>
    /// A sign-up notice or digest for an organiser: its text as queued, one paragraph a line, then links to
    /// the event's attendee list (where anything more about the people is) and to the choice that sends it.
    /// </summary>
    public MailMessage ComposeOrganiserNotice(OutboxMessage message, string eventSlug)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new Body(string.Empty) { Subject = message.Subject ?? string.Empty };
        foreach (var line in (message.Body ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            body.Paragraph(line);
        }

        body.Link("See the attendee list", new Uri(urls.BaseUri(), $"organiser/events/{eventSlug}"));
        body.Link("Change which emails you get about this event", new Uri(urls.BaseUri(), $"organiser/events/{eventSlug}/notifications"));
        body.Closing(registration.Value.OrganisationName);
        return Envelope(message, body);
    }

    /// <summary>
    /// An organiser's message to attendees, sent to the organiser to try it: as a person with a place would
    /// get it, with the organiser's address in the greeting, no manage link (there is no registration) and
    /// the subject marked as a test.
    /// </summary>
    public MailMessage ComposeTest(OutboxMessage message, Event ev)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(ev);
        if (message.Kind != MessageKind.AnnouncementTest)
        {
            throw new InvalidOperationException($"{message.Kind} is not a test of a message to attendees.");
        }

        var body = Announcement(ev, message.ToName, confirmed: true, message.Subject, message.Body, manageUrl: null);
        body.Subject = $"[Test] {body.Subject}";
        return Envelope(message, body);
    }

    /// <summary>
    /// What <see cref="Compose"/> writes for an announcement to a person called <paramref name="name"/>: its
    /// subject and the inside of its HTML body, built by the same code, with the manage link's token
    /// <see cref="PreviewToken"/> in place of the person's own.
    /// </summary>
    public (string Subject, string Html) PreviewAnnouncement(Event ev, string name, bool confirmed, string subject, string body)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var content = Announcement(ev, name, confirmed, subject, body, new Uri(urls.BaseUri(), ManageLinks.ManagePath(PreviewToken)));
        return (content.Subject, content.Html.ToString());
    }

    /// <summary>
    /// An organiser's message: the app's one greeting, the organiser's markdown rendered and made safe by
    /// the public pages' renderer (and as plain text from that), then the event's details and the links.
    /// </summary>
    private Body Announcement(Event ev, string name, bool confirmed, string? subject, string? text, Uri? manageUrl)
    {
        var body = new Body(name) { Subject = $"{ev.Title}: {subject}" };
        body.Markdown(markdown.ForEmail(text ?? string.Empty, urls.BaseUri()));
        if (!confirmed)
        {
            // The same words go to everyone chosen; someone waiting must not read them as a place.
            body.Paragraph("You are on this event's waiting list and do not have a place yet: your registration page shows where you stand.");
        }

        body.Details(ev, EventDisplay.When(ev.Schedule), withJoiningLink: confirmed);
        if (manageUrl is not null)
        {
            body.Link("See or cancel your registration", manageUrl);
        }

        body.Closing(registration.Value.OrganisationName);
        return body;
    }

    /// <summary>Sender, recipient, headers and the two alternative parts, checked the same for every kind of message.</summary>
    private MailMessage Envelope(OutboxMessage message, Body content)
    {
        var options = email.Value;
        var from = new MailAddress(options.From, HeaderSafe(string.IsNullOrWhiteSpace(options.FromName) ? registration.Value.OrganisationName : options.FromName));
        var to = new MailAddress(HeaderSafe(message.ToAddress), HeaderSafe(message.ToName));
        if (!string.Equals(to.Address, message.ToAddress.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("The recipient address is not a single plain address.");
        }

        // System.Net.Mail would need SMTPUTF8 for such an address, which this app does not switch on; it
        // refuses with a GeneralFailure that looks temporary, so the message would be retried for hours.
        if (!Ascii.IsValid(to.User))
        {
            throw new FormatException(NonAsciiLocalPart);
        }

        var mail = new MailMessage(from, to)
        {
            Subject = HeaderSafe(content.Subject),
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        if (!string.IsNullOrWhiteSpace(options.ReplyTo))
        {
            mail.ReplyToList.Add(new MailAddress(options.ReplyTo));
        }

        // Stable across retries, so a message sent again after a crash is recognisably the same one.
        mail.Headers["Message-ID"] = $"<{message.MessageId:N}@{from.Host}>";
        mail.Headers["Auto-Submitted"] = "auto-generated";

        var text = AlternateView.CreateAlternateViewFromString(content.Text.ToString(), new ContentType("text/plain; charset=utf-8"));
        text.TransferEncoding = TransferEncoding.QuotedPrintable;
        var html = AlternateView.CreateAlternateViewFromString(content.HtmlDocument(), new ContentType("text/html; charset=utf-8"));
        html.TransferEncoding = TransferEncoding.QuotedPrintable;
        if (content.CheckInCode is { } code)
        {
            var image = new LinkedResource(new MemoryStream(code), new ContentType("image/png")) { ContentId = CheckInImageId };
            image.ContentType.Name = "check-in.png";
            html.LinkedResources.Add(image);
        }

        mail.AlternateViews.Add(text);
        mail.AlternateViews.Add(html);
        return mail;
    }

    /// <summary>The subject of a notice to everyone registered, also what the event's history of messages shows (<see cref="EventNotices"/>).</summary>
    public static string NoticeSubject(MessageKind kind, string title) => kind switch
    {
        MessageKind.EventChanged => $"Changed: {title}",
        MessageKind.EventCancelled => $"Cancelled: {title}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a notice to everyone registered."),
    };

    /// <summary>
    /// Removes what could end a header line or smuggle in another: CR, LF, NUL and other controls, and the
    /// Unicode line and paragraph separators, which some mail programs show as a new line.
    /// </summary>
    public static string HeaderSafe(string value) =>
        string.Join(' ', string.Concat((value ?? string.Empty).Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private Body Content(MessageContext context)
    {
        var (message, person, ev, token, position, _, hasCalendarEntry) = context;
        var manageUrl = token is null ? null : new Uri(urls.BaseUri(), ManageLinks.ManagePath(token));
        var confirmed = person.Status == RegistrationStatus.Confirmed;
        if (message.Kind == MessageKind.Announcement)
        {
            return Announcement(ev, person.Name, confirmed, message.Subject, message.Body, manageUrl);
        }

        var body = new Body(person.Name);
        var title = ev.Title;
        var when = EventDisplay.When(ev.Schedule);
        var manageLabel = "See or cancel your registration";
        switch (message.Kind)
        {
            case MessageKind.RegistrationConfirmed:
                body.Subject = $"You're registered: {title}";
                body.Paragraph($"You have a place at {title}.");
                body.Details(ev, when, withJoiningLink: true);
                body.Paragraph("The attached calendar file adds it to your calendar.");
                body.CalendarMethod = "PUBLISH";
                AddCheckInCode(body, ev, person);
                break;
            case MessageKind.Waitlisted:
                body.Subject = $"You're on the waiting list: {title}";
                body.Paragraph(position is { } p
                    ? $"{title} is full, so you are on the waiting list, at number {p}."
                    : $"{title} is full, so you are on the waiting list.");
                body.Paragraph(AvailabilityText.WaitingListRule(ev));
                body.Details(ev, when, withJoiningLink: false);
                manageLabel = "See your place on the waiting list, or leave it";
                break;
            case MessageKind.PromotedFromWaitingList:
                body.Subject = $"A place has come free: you're registered for {title}";
                body.Paragraph($"Good news: a place has come free at {title}, and it is yours.");
                body.Details(ev, when, withJoiningLink: true);
                body.Paragraph("If you can no longer come, please cancel with the link below so the place can go to someone else.");
                body.CalendarMethod = "PUBLISH";
                AddCheckInCode(body, ev, person);
                break;
            case MessageKind.PlaceOffered:
                var deadline = person.OfferExpiresAtUtc is { } expires ? EventDisplay.Moment(expires, ev.Schedule.TimeZoneId) : "soon";
                body.Subject = $"A place is yours if you want it: {title}";
                body.Paragraph($"A place has come free at {title}, and you are first on the waiting list. We are holding it for you until {deadline}.");
                body.Paragraph(person.OfferExpiresAtUtc is { } deadlineUtc && deadlineUtc >= ev.Schedule.StartsAtUtc
                    ? "To take it, open the link below and choose \"Claim my place\" before the event starts, when the offer ends. If you cannot come, you can let it go straight away from the same page."
                    : "To take it, open the link below and choose \"Claim my place\". If you do not claim it by then, it is offered to the next person waiting. If you cannot come, you can let it go straight away from the same page.");
                body.Details(ev, when, withJoiningLink: false);
                manageLabel = "Claim your place";
                break;
            case MessageKind.OfferLapsed:
                var started = message.CreatedAtUtc >= ev.Schedule.StartsAtUtc;
                body.Subject = $"The place we held for you has gone: {title}";
                body.Paragraph(started
                    ? $"We held a place at {title} for you, but the event started before it was claimed, so the offer has ended and you are no longer on the waiting list."
                    : $"We held a place at {title} for you, but it was not claimed in time, so it is offered to the next person waiting, and you are no longer on the waiting list.");
                if (ev.GetAvailability(clock.GetUtcNow().UtcDateTime) == RegistrationAvailability.Open)
                {
                    body.Paragraph("If you would still like to come, you can join the waiting list again from the event page.");
                }

                body.Link("Event page", urls.EventPage(ev.Slug));
                manageLabel = "See your registration";
                break;
            case MessageKind.RegistrationCancelled:
                body.Subject = $"Your registration is cancelled: {title}";
                body.Paragraph(person.StatusChangedBy.StartsWith("organiser", StringComparison.Ordinal)
                    ? $"The organisers have cancelled your registration for {title} on {when}. If you think this is a mistake, reply to this email."
                    : $"Your registration for {title} on {when} is cancelled. Thank you for letting us know.");
                body.Paragraph("If you change your mind, you can register again from the event page while there is room.");
                body.Link("Event page", urls.EventPage(ev.Slug));
                if (hasCalendarEntry)
                {
                    body.CalendarMethod = "CANCEL";
                    body.CalendarCancels = true;
                }

                manageLabel = "See your registration";
                break;
            case MessageKind.ManageLinkResent:
                body.Subject = $"Your link for {title}";
                body.Paragraph($"Someone, probably you, asked to register for {title} with this email address, which is already registered.");
                body.Paragraph(person.Status switch
                {
                    RegistrationStatus.Confirmed => "You have a place.",
                    RegistrationStatus.Offered when person.OfferExpiresAtUtc is { } until => $"A place is being held for you until {EventDisplay.Moment(until, ev.Schedule.TimeZoneId)}: claim it with the link below.",
                    _ => position is { } place ? $"You are number {place} on the waiting list." : "You are on the waiting list.",
                });
                body.Paragraph("Here is a link to see or cancel your registration. Links in our earlier emails keep working unless you turned them off.");
                body.Details(ev, when, withJoiningLink: false);
                break;
            case MessageKind.Reminder:
                body.Subject = $"Reminder: {title} starts in {Duration(message.ReminderOffsetMinutes ?? 0)}";
                body.Paragraph($"A reminder that {title} starts in {Duration(message.ReminderOffsetMinutes ?? 0)}.");
                body.Details(ev, when, withJoiningLink: true);
                body.Paragraph("If you can no longer come, please cancel with the link below so that your place can go to someone else.");

                // The email people open at the door: the same code as their confirmation's.
                if (confirmed)
                {
                    AddCheckInCode(body, ev, person);
                }

                break;
            case MessageKind.EventChanged:
                body.Subject = NoticeSubject(MessageKind.EventChanged, title);
                body.Paragraph($"The details of {title} have changed. Here they are as they now stand.");
                body.Details(ev, when, withJoiningLink: confirmed);
                if (confirmed)
                {
                    body.Paragraph("The attached calendar file updates the entry in your calendar.");
                    body.CalendarMethod = "PUBLISH";
                }

                break;
            case MessageKind.EventCancelled:
                body.Subject = NoticeSubject(MessageKind.EventCancelled, title);
                body.Paragraph($"We are sorry: {title}, planned for {when}, has been cancelled. You do not need to do anything.");
                if (ev.CancellationReason is { } reason)
                {
                    body.Paragraph($"Why: {reason}");
                }
                if (hasCalendarEntry)
                {
                    body.Paragraph("The attached calendar file removes it from your calendar.");
                    body.CalendarMethod = "CANCEL";
                }

                manageLabel = "See your registration";
                break;
            case MessageKind.EmailChangeRequested:
                // This address is not the registration's until the person opens the link: it gets that link alone.
                body.Subject = $"Confirm your new email address: {title}";
                body.Paragraph($"Someone, probably you, asked for the emails about a registration for {title} to come to this address.");
                body.Paragraph($"To make the change, open the link below within {Duration((int)EventRegistration.EmailChangeLifespan.TotalMinutes)}. Until then our emails keep going to the address registered. If you did not ask for this, ignore this email: nothing changes.");
                if (token is not null)
                {
                    body.Link("Confirm my new email address", new Uri(urls.BaseUri(), ManageLinks.EmailChangePath(token)));
                }

                manageUrl = null;
                break;
            case MessageKind.EmailChanged:
                body.Subject = $"Your email address was changed: {title}";
                body.Paragraph($"The email address of your registration for {title} was changed from this address to {person.Email}, and our emails about it now go there.");
                body.Paragraph("If you did not make this change, open the link below to see your registration and change the address back, or reply to this email.");
                manageLabel = "See your registration";
                break;
            default:
                throw new InvalidOperationException($"No email is written for {message.Kind}.");
        }

        if (manageUrl is not null)
        {
            body.Link(manageLabel, manageUrl);
        }

        body.Closing(registration.Value.OrganisationName);
        return body;
    }

    /// <summary>
    /// In-person events: a code for the door, which opens this person's check-in for a signed-in organiser.
    /// It is the person's one code, the same in every email that shows it (<see cref="CheckInKey"/>).
    /// </summary>
    private void AddCheckInCode(Body body, Event ev, EventRegistration person)
    {
        if (ev.Location.IsOnline)
        {
            return;
        }

        var url = new Uri(urls.BaseUri(), CheckInCodes.CheckInPath(checkInCodes.CodeFor(person)));
        body.CheckInCode = PngByteQRCodeHelper.GetQRCode(url.ToString(), QRCodeGenerator.ECCLevel.M, 8);
        body.Image("At the door, show this code to be checked in.", CheckInImageId, "Check-in code");
    }

    private static string Duration(int minutes) => minutes switch
    {
        _ when minutes % (24 * 60) == 0 => Plural(minutes / (24 * 60), "day"),
        _ when minutes % 60 == 0 => Plural(minutes / 60, "hour"),
        _ => Plural(minutes, "minute"),
    };

    private static string Plural(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");

    /// <summary>The same words built as plain text and as HTML side by side.</summary>
    private sealed class Body
    {
        // Escapes markup but leaves letters such as â and ë as they are, for mail clients that show source.
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        public Body(string name)
        {
            Paragraph(name.Length == 0 ? "Hello," : $"Hello {name},");
        }

        public string Subject { get; set; } = string.Empty;

        public string? CalendarMethod { get; set; }

        public bool CalendarCancels { get; set; }

        public byte[]? CheckInCode { get; set; }

        /// <summary>An image carried in the message itself (cid:), with the same words in the text part.</summary>
        public void Image(string caption, string contentId, string alt)
        {
            Text.Append(caption).Append(" (It is in the HTML version of this email.)\r\n\r\n");
            Html.Append("<p>").Append(Encoder.Encode(caption)).Append("</p><p><img src=\"cid:").Append(contentId)
                .Append("\" alt=\"").Append(Encoder.Encode(alt)).Append("\" width=\"200\" height=\"200\"></p>");
        }

        public StringBuilder Text { get; } = new();

        /// <summary>The inside of the HTML body (<see cref="HtmlDocument"/> wraps it).</summary>
        public StringBuilder Html { get; } = new();

        public string HtmlDocument() => $"<!DOCTYPE html><html lang=\"en-GB\"><body style=\"{BodyStyle}\">{Html}</body></html>";

        /// <summary>A paragraph of plain text; a line break in it (a cancellation's reason) stays a line break in the HTML.</summary>
        public void Paragraph(string text)
        {
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            Text.Append(string.Join("\r\n", lines)).Append("\r\n\r\n");
            Html.Append("<p>").AppendJoin("<br>", lines.Select(line => Encoder.Encode(line))).Append("</p>");
        }

        /// <summary>HTML already made safe (<see cref="MarkdownRenderer"/>), with its words as plain text beside it.</summary>
        public void Markdown(string safeHtml)
        {
            Text.Append(EmailText.FromHtml(safeHtml)).Append("\r\n\r\n");
            Html.Append(safeHtml);
        }

        public void Link(string label, Uri url)
        {
            Text.Append(label).Append(":\r\n").Append(url).Append("\r\n\r\n");
            Html.Append("<p><a href=\"").Append(Encoder.Encode(url.ToString())).Append("\">").Append(Encoder.Encode(label)).Append("</a></p>");
        }

        public void Details(Event ev, string when, bool withJoiningLink)
        {
            var rows = new List<(string Label, string Value)> { ("Event", ev.Title), ("When", when), ("Where", ev.Location.Describe()) };
            if (withJoiningLink && ev.Location.IsOnline && ev.OnlineJoinUrl is not null)
            {
                rows.Add(("Join online", ev.OnlineJoinUrl));
            }

            Html.Append("<table role=\"presentation\" style=\"border-collapse: collapse\">");
            foreach (var (label, value) in rows)
            {
                Text.Append(label).Append(": ").Append(value).Append("\r\n");
                // The labels stay whole on a phone; the body lets only long words and addresses break (BodyStyle).
                Html.Append("<tr><th style=\"text-align: left; vertical-align: top; white-space: nowrap; padding: 2px 12px 2px 0\">").Append(Encoder.Encode(label)).Append("</th><td>");
                if (label == "Join online")
                {
                    Html.Append("<a href=\"").Append(Encoder.Encode(value)).Append("\">").Append(Encoder.Encode(value)).Append("</a>");
                }
                else
                {
                    Html.Append(Encoder.Encode(value));
                }

                Html.Append("</td></tr>");
            }

            Text.Append("\r\n");
            Html.Append("</table>");
            if (withJoiningLink && ev.Location.IsOnline && ev.OnlineJoinUrl is null)
            {
                Paragraph("We will email you the joining link before the event.");
            }
        }

        public void Closing(string organisation)
        {
            Text.Append("Best wishes,\r\n").Append(organisation).Append("\r\n");
            Html.Append("<p>Best wishes,<br>").Append(Encoder.Encode(organisation)).Append("</p>");
        }
    }
}
