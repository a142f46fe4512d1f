"""One stale-edit check for every edit form that must not overwrite someone else's save."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def lock_if_current(queryset, *, pk, based_on, token):
    """Lock the row until the transaction ends and return it if it is still the version the form
    was opened on (`token(row) == based_on`). None if someone saved since, the row is gone, or the
    form did not say which version it started from: saving then could silently undo another save.
    Call inside `transaction.atomic()`."""
    if based_on is None or based_on == "":
        return None
    row = queryset.select_for_update().filter(pk=pk).first()
    if row is None or token(row) != based_on:
        return None
    return row


def refuse_stale_edit(form, *, message, saved_by, saved_at, based_on_field, current_version):
    """Show the form again after `lock_if_current` refused it: who saved when (`message` with
    %(who)s and %(when)s), what was typed kept, and the current version in the form, so the next
    save knowingly replaces the colleague's."""
    who = saved_by.get_display_name() if saved_by else _("eine andere Person")
    when = date_format(timezone.localtime(saved_at), "d.m.Y, H:i")
    form.add_error(None, message % {"who": who, "when": when})
    form.data = form.data.copy()
    form.data[based_on_field] = current_version
