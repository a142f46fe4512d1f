"""One stale-edit check for every edit form that must not overwrite someone else's save."""


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
