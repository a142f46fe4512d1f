from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.tag
def breadcrumbs(parser, token):
    """{% breadcrumbs %}…{% endbreadcrumbs %}: the <li> crumbs inside, in the site's one labelled trail.

    A page with no crumbs gets no empty navigation landmark. A {% block %} inside stays visible to
    {% extends %}, so layouts and pages fill the trail block by block.
    """
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        crumbs = self.nodelist.render(context).strip()
        if not crumbs:
            return ""
        trail = context.template.engine.get_template("includes/breadcrumbs.html")
        with context.push(crumbs=mark_safe(crumbs)):
            return trail.render(context)
