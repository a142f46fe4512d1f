from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Berichte")

    def ready(self):
        # The PDF tuning (reports/pdf_runtime.py) changes process-wide state, so it is installed
        # where a process starts, not at the first build: in each Celery worker process, or, in
        # the embedded mode where builds run inside the web process, right here at app start.
        from celery.signals import worker_init, worker_process_init
        from django.conf import settings

        from reports.pdf_runtime import prepare_report_process

        # worker_process_init: every prefork child; worker_init covers the solo and thread pools.
        worker_process_init.connect(prepare_report_process, weak=False, dispatch_uid="reports-pdf-runtime")
        worker_init.connect(prepare_report_process, weak=False, dispatch_uid="reports-pdf-runtime-main")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            prepare_report_process()
