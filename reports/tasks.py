from celery import shared_task

from reports import services
from reports.models import ReportExport


# Handed over through the outbox; runs after the outbox row is marked delivered (a long job must
# not hold that row's lock). If the worker dies, the heartbeat stops and the sweep queues it again.
@shared_task(name="reports.build_report", acks_late=True, reject_on_worker_lost=True, outbox_long_running=True)
def build_report_task(export_id):
    if not ReportExport.objects.filter(pk=export_id).exists():
        return None
    export = services.build_report(export_id=export_id)
    return export.status if export else None


@shared_task(name="reports.sweep_stale_builds")
def sweep_stale_builds_task():
    return services.sweep_stale_builds()
