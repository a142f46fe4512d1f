"""E-mails of the action plan, written in German from templates in templates/actionplan/emails/."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _prefixed(subject):
    return settings.EMAIL_SUBJECT_PREFIX + subject


def _url(path):
    return f"{settings.SITE_URL}{path}"


def _render(template, context):
    return render_to_string(f"actionplan/emails/{template}", {**context, "site_url": settings.SITE_URL})


def _followers(measure, *, except_user_id):
    follows = measure.follows.select_related("user").exclude(user_id=except_user_id)
    # A measure taken back to "Entwurf" is no longer theirs to see; the mail would tell them anyway.
    return [
        follow.user for follow in follows
        if follow.user.email and follow.user.is_active and follow.user.has_perm("actionplan.view_measure", measure)
    ]


def _mail_followers(measure, *, except_user_id, subject, template, context):
    recipients = _followers(measure, except_user_id=except_user_id)
    if not recipients:
        return 0
    messages = [
        EmailMessage(
            subject,
            _render(template, {
                "recipient": user, "measure": measure,
                "measure_url": _url(measure.get_absolute_url()),
                "follows_url": _url(reverse("actionplan:my_follows")),
                **context,
            }),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        for user in recipients
    ]
    return get_connection().send_messages(messages)


def status_changed(change):
    measure = change.measure
    return _mail_followers(
        measure, except_user_id=change.changed_by_id,
        subject=_prefixed(_("%(reference)s: Status jetzt „%(status)s“")
            % {"reference": measure.reference, "status": change.get_status_display()}),
        template="status_changed.txt", context={"change": change},
    )


PUBLICATION_NEWS = {
    "beteiligung": _("ist jetzt in Beteiligung"),
    "beschlossen": _("ist beschlossen"),
}


def publication_changed(measure, *, changed_by_id=None):
    news = PUBLICATION_NEWS[measure.publication_state]
    return _mail_followers(
        measure, except_user_id=changed_by_id, subject=_prefixed(f"{measure.reference} {news}"),
        template="publication_changed.txt", context={"news": news},
    )


def _to_author(comment, subject, template, context, *, reply_to=()):
    author = comment.author
    if author is None or not author.email or not author.is_active:
        return 0
    body = _render(template, {
        "recipient": author, "comment": comment, "measure": comment.measure,
        "measure_url": _url(comment.get_absolute_url()), **context,
    })
    return EmailMessage(_prefixed(subject), body, settings.DEFAULT_FROM_EMAIL, [author.email],
                        reply_to=list(reply_to)).send()


def comment_answered(response, *, first_answer=True):
    comment = response.comment
    subject = (_("Antwort der Verwaltung zu Ihrem Kommentar (%(reference)s)")
        % {"reference": comment.measure.reference} if first_answer
               else _("Antwort der Verwaltung geändert (%(reference)s)") % {"reference": comment.measure.reference})
    return _to_author(comment, subject, "comment_answered.txt", {"response": response, "first_answer": first_answer})


def comment_hidden(comment):
    reply_to = settings.MODERATION_REPLY_TO
    return _to_author(comment, _("Ihr Kommentar wurde ausgeblendet (%(reference)s)")
        % {"reference": comment.measure.reference},
                      "comment_hidden.txt", {"can_reply": bool(reply_to)}, reply_to=reply_to)


def comment_restored(comment):
    return _to_author(comment, _("Ihr Kommentar ist wieder sichtbar (%(reference)s)")
        % {"reference": comment.measure.reference},
                      "comment_restored.txt", {})


def progress_reported(report):
    measure = report.measure
    return _mail_followers(
        measure, except_user_id=report.created_by_id,
        subject=_prefixed(f"{measure.reference}: neuer Sachstand ({report.percent} %)"),
        template="progress_reported.txt", context={"report": report},
    )


def progress_requested(request):
    """The lead organisation's confirmed members are asked for a Sachstand."""
    measure = request.measure
    if measure.lead_organisation_id is None:
        return 0
    members = (measure.lead_organisation.memberships.filter(confirmed=True, user__is_active=True)
               .exclude(user__email="").select_related("user"))
    messages = [
        EmailMessage(
            _prefixed(_("Bitte um einen Sachstand zu %(reference)s") % {"reference": measure.reference}),
            _render("progress_requested.txt", {
                "recipient": membership.user, "measure": measure, "request": request,
                "measure_url": _url(measure.get_absolute_url() + "#sachstand"),
            }),
            settings.DEFAULT_FROM_EMAIL,
            [membership.user.email],
        )
        for membership in members
    ]
    return get_connection().send_messages(messages) if messages else 0
