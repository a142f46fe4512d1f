"""Who may do what with the PDF report.

Planung and Dezernat build reports (Planung's builds are always drafts); only the department
builds final versions, edits the introduction and publishes a finished, adopted report. Everyone
else may download only a report the department made public.
"""

import rules

from core.permissions import is_department, is_planner


@rules.predicate
def is_published_report(user, export):
    return export is not None and export.is_public and export.can_be_public


rules.add_perm("reports.start_build", is_planner)
rules.add_perm("reports.start_final_build", is_department)
rules.add_perm("reports.view_builds", is_planner)
rules.add_perm("reports.view_export", is_planner)
rules.add_perm("reports.download_export", is_planner | is_published_report)
rules.add_perm("reports.publish_export", is_department)
rules.add_perm("reports.edit_settings", is_department)
