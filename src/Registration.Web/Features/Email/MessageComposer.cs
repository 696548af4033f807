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
    public const string BodyStyle = "margin: 0; padding: 0; background-color: #f1f3f5; color: #1a1a1a; font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; overflow-wrap: break-word; word-wrap: break-word; word-break: break-word";

    /// <summary>The token in the manage link a preview shows: each real message carries its own, secret one.</summary>
    public const string PreviewToken = "preview";

    private const string CheckInImageId = "check-in-code";
    private const string NonAsciiLocalPart = "The address has non-ASCII characters before the @, which this mail system cannot send to.";

    /// <summary>Read from the settings each time, as the organisation's name always was.</summary>
    private EmailBrand Brand => EmailBrand.From(registration.Value);

    public MailMessage Compose(MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (message, person, ev, _, _, earlier, _) = context;
        var content = Content(context);
        var mail = Envelope(message, content);
        if (content.CalendarMethod is { } method)
        {
            var ics = new IcsWriter(method)
                .AddEvent(ev, urls.EventPage(ev.Slug), clock.GetUtcNow().UtcDateTime, cancelled: content.CalendarCancels, organizerEmail: mail.From!.Address, earlierRegistrations: earlier,
                    joinUrl: content.CalendarCancels ? null : ev.JoiningLinkFor(person.Status))
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
                body.Button("Set your password", link, Brand);
                break;
            case MessageKind.PasswordReset:
                body.Subject = $"Set a new password: {organisation}";
                body.Paragraph($"Someone, probably you, asked for a link to set a new password for the organiser account {message.ToAddress}.");
                body.Paragraph($"The link below works once, for {Duration((int)PasswordLinks.ResetLifespan.TotalMinutes)}. If you did not ask for it, you can ignore this email: your password has not changed.");
                body.Button("Set a new password", link, Brand);
                break;
            default:
                throw new InvalidOperationException($"{message.Kind} is not a message to an organiser.");
        }

        body.Closing(organisation);
        body.Footer = message.Kind == MessageKind.OrganiserInvitation
            ? $"You are getting this because an Admin of {organisation}'s events added this address as an organiser."
            : $"You are getting this because someone asked for a new password for the organiser account with this address. Sent by {organisation}.";
        return Envelope(message, body);
    }

    /// <summary>
    /// The link to what is held for an address (<paramref name="linkPath"/>, relative to the site). It names no
    /// event: whoever reads the mailbox sees the list on the page, after opening the link.
    /// </summary>
    public MailMessage ComposeDataAccessLink(OutboxMessage message, string linkPath)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind != MessageKind.DataAccessLink)
        {
            throw new InvalidOperationException($"{message.Kind} is not a link to a person's data.");
        }

        var organisation = registration.Value.OrganisationName;
        var body = new Body(string.Empty) { Subject = $"Your data: {organisation}" };
        body.Paragraph($"Someone, probably you, asked to see what {organisation} holds about {message.ToAddress}: your registrations for our events, what you told us, and the emails we sent you.");
        body.Paragraph($"The link below works once, for {Duration((int)Privacy.DataAccessRequest.Lifespan.TotalMinutes)}. If you did not ask for it, you can ignore this email: nothing is shown to anyone without it.");
        body.Button("See your data", new Uri(urls.BaseUri(), linkPath), Brand);
        body.Closing(organisation);
        body.Footer = $"You are getting this because someone asked on {organisation}'s events site to see the data held for this address.";
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

        body.Button("See the attendee list", new Uri(urls.BaseUri(), $"organiser/events/{eventSlug}"), Brand);
        body.Links([("Change which emails you get about this event", new Uri(urls.BaseUri(), $"organiser/events/{eventSlug}/notifications"))]);
        body.Closing(registration.Value.OrganisationName);
        body.Footer = $"You are getting this because you organise this event for {registration.Value.OrganisationName} and chose to hear about it.";
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
        body.Footer = $"This is a test: it was sent only to you, an organiser of {registration.Value.OrganisationName}'s events, to try the message.";
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
        return (content.Subject, content.Inner(Brand));
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
        Actions(body, ev, confirmed, manageUrl is null ? null : ("See your registration", manageUrl), manageUrl, ManageLabel);
        body.Closing(registration.Value.OrganisationName);
        body.Footer = AttendeeFooter(ev);
        return body;
    }

    /// <summary>Sender, recipient, headers and the two alternative parts, checked the same for every kind of message.</summary>
    private MailMessage Envelope(OutboxMessage message, Body content)
    {
        var options = email.Value;
        var from = new MailAddress(options.From, DisplayName(string.IsNullOrWhiteSpace(options.FromName) ? registration.Value.OrganisationName : options.FromName));
        var to = new MailAddress(HeaderSafe(message.ToAddress), DisplayName(message.ToName));
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

        var text = AlternateView.CreateAlternateViewFromString(content.PlainText(Brand), new ContentType("text/plain; charset=utf-8"));
        text.TransferEncoding = TransferEncoding.QuotedPrintable;
        var html = AlternateView.CreateAlternateViewFromString(content.HtmlDocument(Brand), new ContentType("text/html; charset=utf-8"));
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

    /// <summary>
    /// A name as the display part of an address. System.Net.Mail quotes it without escaping a quote inside,
    /// so a name such as <c>Vee", spy@example.net, "</c> would end the quoted part and add addresses to the
    /// header; quotes become apostrophes and backslashes slashes, which read the same to a person.
    /// </summary>
    public static string DisplayName(string value) => HeaderSafe(value).Replace('"', '\'').Replace('\\', '/');

    private Body Content(MessageContext context)
    {
        var (message, person, ev, token, position, _, hasCalendarEntry) = context;
        var manageUrl = token is null ? null : new Uri(urls.BaseUri(), ManageLinks.ManagePath(token));
        var confirmed = person.Status == RegistrationStatus.Confirmed;
        if (message.Kind == MessageKind.Announcement)
        {
            return Announcement(ev, person.Name, confirmed, message.Subject, message.Body, manageUrl);
        }

        // The link confirming a new address may reach a stranger's mailbox (a typing mistake): it does not name the person.
        var body = new Body(message.Kind == MessageKind.EmailChangeRequested ? string.Empty : person.Name);
        var title = ev.Title;
        var when = EventDisplay.When(ev.Schedule);
        var eventPage = urls.EventPage(ev.Slug);
        var manageLabel = ManageLabel;
        (string Label, Uri Url)? action = manageUrl is null ? null : ("See your registration", manageUrl);
        var checkIn = false;
        var aboutAnAddress = false;
        switch (message.Kind)
        {
            case MessageKind.RegistrationConfirmed:
                body.Subject = $"You're registered: {title}";
                body.Paragraph($"You have a place at {title}.");
                body.Details(ev, when, withJoiningLink: true);
                YourAnswers(body, ev, person);
                body.CalendarMethod = "PUBLISH";
                checkIn = true;
                break;
            case MessageKind.Waitlisted:
                body.Subject = $"You're on the waiting list: {title}";
                body.Paragraph(position is { } p
                    ? $"{title} is full, so you are on the waiting list, at number {p}."
                    : $"{title} is full, so you are on the waiting list.");
                body.Paragraph(AvailabilityText.WaitingListRule(ev));
                body.Details(ev, when, withJoiningLink: false);
                action = manageUrl is null ? null : ("See your place on the waiting list, or leave it", manageUrl);
                break;
            case MessageKind.PromotedFromWaitingList:
                body.Subject = $"A place has come free: you're registered for {title}";
                body.Paragraph($"Good news: a place has come free at {title}, and it is yours.");
                body.Details(ev, when, withJoiningLink: true);
                body.Paragraph("If you can no longer come, please cancel from your registration page so the place can go to someone else.");
                YourAnswers(body, ev, person);
                body.CalendarMethod = "PUBLISH";
                checkIn = true;
                break;
            case MessageKind.PlaceOffered:
                var deadline = person.OfferExpiresAtUtc is { } expires ? EventDisplay.Moment(expires, ev.Schedule.TimeZoneId) : "soon";
                body.Subject = $"A place is yours if you want it: {title}";
                body.Paragraph($"A place has come free at {title}, and you are first on the waiting list. We are holding it for you until {deadline}.");
                body.Paragraph(person.OfferExpiresAtUtc is { } deadlineUtc && deadlineUtc >= ev.Schedule.StartsAtUtc
                    ? "To take it, open the link below and choose \"Claim my place\" before the event starts, when the offer ends. If you cannot come, you can let it go straight away from the same page."
                    : "To take it, open the link below and choose \"Claim my place\". If you do not claim it by then, it is offered to the next person waiting. If you cannot come, you can let it go straight away from the same page.");
                body.Details(ev, when, withJoiningLink: false);
                action = manageUrl is null ? null : ("Claim your place", manageUrl);
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
                    action = ("Event page", eventPage);
                }

                manageLabel = "See your registration";
                break;
            case MessageKind.RegistrationCancelled:
                body.Subject = $"Your registration is cancelled: {title}";
                body.Paragraph(person.StatusChangedBy.StartsWith("organiser", StringComparison.Ordinal)
                    ? $"The organisers have cancelled your registration for {title} on {when}. If you think this is a mistake, reply to this email."
                    : $"Your registration for {title} on {when} is cancelled. Thank you for letting us know.");
                body.Paragraph("If you change your mind, you can register again from the event page while there is room.");
                action = ("Event page", eventPage);
                if (hasCalendarEntry)
                {
                    body.Paragraph("The attached calendar file removes it from your calendar.");
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
                body.Paragraph("Here is a link to see, change or cancel your registration. Links in our earlier emails keep working unless you turned them off.");
                body.Details(ev, when, withJoiningLink: false);
                break;
            case MessageKind.Reminder:
                body.Subject = $"Reminder: {title} starts in {Duration(message.ReminderOffsetMinutes ?? 0)}";
                body.Paragraph($"A reminder that {title} starts in {Duration(message.ReminderOffsetMinutes ?? 0)}.");
                body.Details(ev, when, withJoiningLink: true);
                body.Paragraph("If you can no longer come, please cancel from your registration page so that your place can go to someone else.");
                if (Uri.TryCreate(ev.JoiningLinkFor(person.Status), UriKind.Absolute, out var join))
                {
                    action = ("Join online", join);
                }

                // The email people open at the door: the same code as their confirmation's.
                checkIn = confirmed;
                break;
            case MessageKind.EventChanged:
                body.Subject = NoticeSubject(MessageKind.EventChanged, title);
                var changes = EventChange.Read(message.Body);
                if (changes.Count == 0)
                {
                    // A notice queued before notices carried their changes.
                    body.Paragraph($"The details of {title} have changed. Here they are as they now stand.");
                }
                else
                {
                    body.Paragraph($"The details of {title} have changed. This is what changed:");
                    // Someone without a place never had the joining link, so a new one is no news to them.
                    body.Table(
                        changes.Where(c => confirmed || c.Field != EventChange.JoiningLink)
                            .Select(c => c.Field == EventChange.JoiningLink
                                ? (c.Field, "The joining link has changed: the new one is below.")
                                : (c.Field, $"was {c.Was}, now {c.Now}")),
                        shortLabels: true);
                    body.Paragraph("Here are the details as they now stand.");
                }

                if (!confirmed)
                {
                    body.Paragraph(position is { } waitingAt
                        ? $"You are still on the waiting list, at number {waitingAt}, and do not have a place yet."
                        : "You are still on the waiting list and do not have a place yet.");
                }

                body.Details(ev, when, withJoiningLink: confirmed);
                if (confirmed)
                {
                    body.Paragraph("The attached calendar file updates the entry in your calendar.");
                    body.CalendarMethod = "PUBLISH";
                    body.CalendarExplained = true;
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
                // This address is not the registration's until the person opens the link: it gets that link
                // alone, with no manage link and no calendar links (which would carry a joining link).
                body.Subject = $"Confirm your new email address: {title}";
                body.Paragraph($"Someone, probably you, asked for the emails about a registration for {title} to come to this address.");
                body.Paragraph($"To make the change, open the link below within {Duration((int)EventRegistration.EmailChangeLifespan.TotalMinutes)}. Until then our emails keep going to the address registered. If you did not ask for this, ignore this email: nothing changes.");
                action = token is null ? null : ("Confirm my new email address", new Uri(urls.BaseUri(), ManageLinks.EmailChangePath(token)));
                manageUrl = null;
                aboutAnAddress = true;
                break;
            case MessageKind.EmailChanged:
                body.Subject = $"Your email address was changed: {title}";
                body.Paragraph($"The email address of your registration for {title} was changed from this address to another, and our emails about it now go there. Links in our earlier emails to this address no longer work.");
                body.Paragraph("If you did not make this change, reply to this email and we will put it right.");
                aboutAnAddress = true;
                break;
            case MessageKind.EmailChangeConfirmed:
                body.Subject = $"Your registration now uses this address: {title}";
                body.Paragraph($"From now on our emails about your registration for {title} come to this address.");
                body.Paragraph("Links in the emails we sent to your old address no longer work: use the link below, or the one in any email we send from now on.");
                body.Details(ev, when, withJoiningLink: confirmed);
                break;
            default:
                throw new InvalidOperationException($"No email is written for {message.Kind}.");
        }

        Actions(body, ev, confirmed && !aboutAnAddress, action, manageUrl, manageLabel);
        if (checkIn)
        {
            AddCheckInCode(body, ev, person);
        }

        body.Closing(registration.Value.OrganisationName);
        body.Footer = aboutAnAddress
            ? $"You are getting this because someone asked to change the email address of a registration for {ev.Title} from or to this address. Sent by {registration.Value.OrganisationName}."
            : message.Kind == MessageKind.EmailChangeConfirmed
            ? $"You are getting this because your registration for {ev.Title} now uses this address. Sent by {registration.Value.OrganisationName}."
            : AttendeeFooter(ev);
        return body;
    }

    private const string ManageLabel = "See, change or cancel your registration";

    /// <summary>
    /// What every email to an attendee ends with: its main action as a button, the calendar links for a
    /// place at an event still to come, and links to the event's page and to the person's registration
    /// (each given once, so not again when it is the button).
    /// </summary>
    private void Actions(Body body, Event ev, bool confirmed, (string Label, Uri Url)? action, Uri? manageUrl, string manageLabel)
    {
        var eventPage = urls.EventPage(ev.Slug);
        if (action is { } main)
        {
            body.Button(main.Label, main.Url, Brand);
        }

        if (confirmed && CalendarLinks.Offered(ev, clock.GetUtcNow().UtcDateTime))
        {
            // A change notice already says what its calendar file does.
            body.Calendar(CalendarLinks.For(ev, eventPage, ev.JoiningLinkFor(RegistrationStatus.Confirmed)), attached: body.CalendarMethod == "PUBLISH" && !body.CalendarExplained, replacing: body.CalendarExplained);
        }

        var links = new List<(string, Uri)>();

        // A draft's page cannot be opened (the event was taken off the site), so it is not offered.
        if (ev.Status != EventStatus.Draft && action?.Url != eventPage)
        {
            links.Add(("Event page", eventPage));
        }

        if (manageUrl is not null && action?.Url != manageUrl)
        {
            links.Add((manageLabel, manageUrl));
        }

        body.Links(links);
    }


    private string AttendeeFooter(Event ev) =>
        $"You are getting this because you registered for {ev.Title} with this address. Sent by {registration.Value.OrganisationName}.";

    /// <summary>
    /// What the person gave when registering, so they can check it. Access and dietary needs are health data:
    /// they are repeated only here, in an email to the person themselves, never to anyone else.
    /// </summary>
    private static void YourAnswers(Body body, Event ev, EventRegistration person)
    {
        var rows = new List<(string, string)> { ("Name", person.Name), ("Email", person.Email) };
        if (!string.IsNullOrWhiteSpace(person.Organisation))
        {
            rows.Add(("Organisation", person.Organisation));
        }

        rows.AddRange(ev.AnswersOf(person).Where(a => a.Answer is { Length: > 0 }).Select(a => (a.Label, a.Answer!)));

        body.Paragraph("What you told us when you registered:");
        body.Table(rows);
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

    /// <summary>
    /// The same words built as plain text and as HTML side by side. The HTML is one column of at most
    /// 600 px (a table, which Outlook lays out where it ignores max-width), with inline styles only, so
    /// that it reads the same where a mail program drops the head's style block (Gmail does, in part);
    /// that block only adds dark colours and narrower margins on a phone.
    /// </summary>
    private sealed class Body
    {
        // Escapes markup but leaves letters such as â and ë as they are, for mail clients that show source.
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        private const string Muted = "#555555";

        /// <summary>Dark colours where the reader asked for them, with !important to win over the inline light ones; the brand band and button keep theirs.</summary>
        private const string HeadStyle =
            "@media (prefers-color-scheme: dark) {"
            + " body, .email-outer { background-color: #121212 !important; color: #ececec !important; }"
            + " .email-card, .email-content { background-color: #1e1e1e !important; color: #ececec !important; }"
            + " .email-content a:not(.email-button) { color: #9fc3ff !important; }"
            + " .email-footer, .email-footer a { background-color: #1e1e1e !important; color: #bdbdbd !important; }"
            + " }"
            + " @media (max-width: 600px) {"
            + " .email-frame { padding: 0 !important; }"
            + " .email-band, .email-content, .email-footer { padding-left: 16px !important; padding-right: 16px !important; }"
            + " }";

        public Body(string name)
        {
            Paragraph(name.Length == 0 ? "Hello," : $"Hello {name},");
        }

        public string Subject { get; set; } = string.Empty;

        public string? CalendarMethod { get; set; }

        public bool CalendarCancels { get; set; }

        /// <summary>The words already say what the attached calendar file does.</summary>
        public bool CalendarExplained { get; set; }

        public byte[]? CheckInCode { get; set; }

        /// <summary>Why the person got the email, at its foot.</summary>
        public string? Footer { get; set; }

        public StringBuilder Text { get; } = new();

        /// <summary>The message's own words, which <see cref="Inner"/> puts between the band and the footer.</summary>
        public StringBuilder Html { get; } = new();

        /// <summary>The whole HTML part: a document for mail programs, with the viewport a phone needs.</summary>
        public string HtmlDocument(EmailBrand brand) =>
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\">"
            + $"<title>{Encoder.Encode(Subject)}</title><style>{HeadStyle}</style></head>"
            + $"<body style=\"{BodyStyle}\">{Inner(brand)}</body></html>";

        /// <summary>The inside of the HTML body: what a preview shows, exactly as sent.</summary>
        public string Inner(EmailBrand brand)
        {
            var html = new StringBuilder();
            html.Append("<table role=\"presentation\" class=\"email-outer\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width: 100%; border-collapse: collapse; background-color: #f1f3f5\">")
                .Append("<tr><td class=\"email-frame\" align=\"center\" style=\"padding: 16px 8px\">")
                .Append("<table role=\"presentation\" class=\"email-card\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width: 100%; max-width: 600px; border-collapse: collapse; background-color: #ffffff; color: #1a1a1a; text-align: left\">");

            // The band: the logo or the organisation's name, on the brand colour, linked to its website.
            html.Append($"<tr><td class=\"email-band\" style=\"background-color: {brand.Colour}; color: {brand.TextOnColour}; padding: 16px 24px; font-size: 20px; font-weight: bold; line-height: 1.3\">");
            var mark = brand.Logo is { } logo
                ? $"<img src=\"{Encoder.Encode(logo.AbsoluteUri)}\" alt=\"{Encoder.Encode(brand.OrganisationName)}\" height=\"40\" style=\"display: block; height: 40px; width: auto; max-width: 100%; border: 0; color: {brand.TextOnColour}\">"
                : Encoder.Encode(brand.OrganisationName);
            html.Append(brand.Website is { } site
                ? $"<a href=\"{Encoder.Encode(site.AbsoluteUri)}\" style=\"color: {brand.TextOnColour}; text-decoration: none\">{mark}</a>"
                : mark);
            html.Append("</td></tr>");

            html.Append("<tr><td class=\"email-content\" style=\"padding: 8px 24px 16px; background-color: #ffffff; color: #1a1a1a\">").Append(Html).Append("</td></tr>");
            if (Footer is not null)
            {
                html.Append($"<tr><td class=\"email-footer\" style=\"padding: 16px 24px; border-top: 1px solid #dddddd; background-color: #ffffff; color: {Muted}; font-size: 14px\">")
                    .Append(Encoder.Encode(Footer));
                if (brand.Website is { } website)
                {
                    html.Append($"<br><a href=\"{Encoder.Encode(website.AbsoluteUri)}\" style=\"color: {Muted}\">{Encoder.Encode(Shown(website))}</a>");
                }

                html.Append("</td></tr>");
            }

            html.Append("</table></td></tr></table>");
            return html.ToString();
        }

        /// <summary>The whole text part, with the same footer as the HTML.</summary>
        public string PlainText(EmailBrand brand)
        {
            var text = new StringBuilder(Text.ToString());
            if (Footer is not null)
            {
                text.Append("\r\n-- \r\n").Append(Footer).Append("\r\n");
                if (brand.Website is { } website)
                {
                    text.Append(website.AbsoluteUri).Append("\r\n");
                }
            }

            return text.ToString();
        }

        /// <summary>An image carried in the message itself (cid:), with the same words in the text part.</summary>
        public void Image(string caption, string contentId, string alt)
        {
            Text.Append(caption).Append(" (It is in the HTML version of this email.)\r\n\r\n");
            Html.Append("<p>").Append(Encoder.Encode(caption)).Append("</p><p><img src=\"cid:").Append(contentId)
                .Append("\" alt=\"").Append(Encoder.Encode(alt)).Append("\" width=\"200\" height=\"200\"></p>");
        }

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

        /// <summary>Links after the main action, together in one paragraph.</summary>
        public void Links(IReadOnlyCollection<(string Label, Uri Url)> links)
        {
            if (links.Count == 0)
            {
                return;
            }

            foreach (var (label, url) in links)
            {
                Text.Append(label).Append(":\r\n").Append(url.AbsoluteUri).Append("\r\n\r\n");
            }

            Html.Append("<p>").AppendJoin("<br>", links.Select(l => $"<a href=\"{Encoder.Encode(l.Url.AbsoluteUri)}\">{Encoder.Encode(l.Label)}</a>")).Append("</p>");
        }

        /// <summary>
        /// The main thing to do, as a link drawn as a button (a table cell for Outlook, which ignores padding
        /// on links), in the brand colour with the text colour that reads best on it.
        /// </summary>
        public void Button(string label, Uri url, EmailBrand brand)
        {
            Text.Append(label).Append(":\r\n").Append(url.AbsoluteUri).Append("\r\n\r\n");
            var colours = $"background-color: {brand.Colour}; color: {brand.TextOnColour}";
            Html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse: separate; margin: 20px 0\"><tr>")
                .Append($"<td style=\"border-radius: 6px; {colours}\">")
                .Append("<a class=\"email-button\" href=\"").Append(Encoder.Encode(url.AbsoluteUri))
                .Append($"\" style=\"display: inline-block; padding: 12px 24px; border-radius: 6px; {colours}; font-weight: bold; text-decoration: none\">")
                .Append(Encoder.Encode(label)).Append("</a></td></tr></table>");
        }

        /// <summary>Google Calendar and Outlook.com links; the calendar file itself, when there is one, is attached.</summary>
        public void Calendar(CalendarLinks links, bool attached, bool replacing = false)
        {
            var file = attached ? " The attached calendar file adds it to any other calendar." : string.Empty;
            var lead = replacing
                ? "If you added it to Google Calendar, Outlook.com or Microsoft 365 from a link, delete that entry there and add it again"
                : "Add it to your calendar";
            Text.Append(lead).Append('.').Append(file).Append("\r\n")
                .Append("Google Calendar:\r\n").Append(links.Google.AbsoluteUri).Append("\r\n")
                .Append("Outlook.com:\r\n").Append(links.Outlook.AbsoluteUri).Append("\r\n")
                .Append("Microsoft 365 (work or school):\r\n").Append(links.Office.AbsoluteUri).Append("\r\n\r\n");
            Html.Append("<p>").Append(Encoder.Encode(lead)).Append(": <a href=\"").Append(Encoder.Encode(links.Google.AbsoluteUri)).Append("\">Google Calendar</a>, <a href=\"")
                .Append(Encoder.Encode(links.Outlook.AbsoluteUri)).Append("\">Outlook.com</a> or <a href=\"")
                .Append(Encoder.Encode(links.Office.AbsoluteUri)).Append("\">Microsoft 365</a>.").Append(Encoder.Encode(file)).Append("</p>");
        }

        public void Details(Event ev, string when, bool withJoiningLink)
        {
            var rows = new List<(string Label, string Value)> { ("Event", ev.Title), ("When", when), ("Where", ev.Location.Describe()) };
            var links = new Dictionary<string, string>(StringComparer.Ordinal);
            if (withJoiningLink && ev.Location.IsOnline && ev.OnlineJoinUrl is not null)
            {
                rows.Add(("Join online", ev.OnlineJoinUrl));
                links["Join online"] = ev.OnlineJoinUrl;
            }

            // The map's address is long and says nothing to a reader, so the HTML names it in words.
            if (MapLink.For(ev) is { } map)
            {
                rows.Add(("Map", "See the place on a map"));
                links["Map"] = map.Url.AbsoluteUri;
            }

            Table(rows, links, shortLabels: true);
            if (withJoiningLink && ev.Location.IsOnline && ev.OnlineJoinUrl is null)
            {
                Paragraph("We will email you the joining link before the event.");
            }
        }

        /// <summary>
        /// Labelled values, one a line in the text part; a value whose label is in <paramref name="links"/> links
        /// to the address given there, which the text part gives in its place.
        /// Short labels of the app's own (<paramref name="shortLabels"/>) stay whole beside their values;
        /// others, such as an organiser's question, go above theirs, so that neither is squeezed on a phone.
        /// </summary>
        public void Table(IEnumerable<(string Label, string Value)> rows, IReadOnlyDictionary<string, string>? links = null, bool shortLabels = false)
        {
            Html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse: collapse\">");
            foreach (var (label, value) in rows)
            {
                var href = links?.GetValueOrDefault(label);
                Text.Append(label).Append(label.EndsWith('?') || label.EndsWith(':') ? " " : ": ").Append(href ?? value).Append("\r\n");
                // The labels stay whole on a phone; the body lets only long words and addresses break (BodyStyle).
                Html.Append(shortLabels
                    ? "<tr><th style=\"text-align: left; vertical-align: top; white-space: nowrap; padding: 2px 12px 2px 0\">"
                    : "<tr><th style=\"text-align: left; vertical-align: top; padding: 4px 0 0\">").Append(Encoder.Encode(label))
                    .Append(shortLabels ? "</th><td>" : "</th></tr><tr><td>");
                if (href is not null)
                {
                    Html.Append("<a href=\"").Append(Encoder.Encode(href)).Append("\">").Append(Encoder.Encode(value)).Append("</a>");
                }
                else
                {
                    Html.Append(Encoder.Encode(value));
                }

                Html.Append("</td></tr>");
            }

            Text.Append("\r\n");
            Html.Append("</table>");
        }

        public void Closing(string organisation)
        {
            Text.Append("Best wishes,\r\n").Append(organisation).Append("\r\n");
            Html.Append("<p>Best wishes,<br>").Append(Encoder.Encode(organisation)).Append("</p>");
        }

        private static string Shown(Uri website) => website.Host + (website.AbsolutePath == "/" ? string.Empty : website.AbsolutePath);
    }
}
