"""Template filters for the public forms: ``{% load formtags %}``."""

from django import template

register = template.Library()

#: What forms append to a label to show that a field is needed (see
#: ``proposals.forms.ProposalForm``); the error summary names fields without it.
REQUIRED_MARK = "*"


@register.filter
def plain_label(label):
    """A field's label without its required-field asterisk."""
    if label is None:
        return ""
    return str(label).rstrip().removesuffix(REQUIRED_MARK).rstrip()
