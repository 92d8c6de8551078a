"""The accessibility audit of posts: the rules (rules.py, declared once) and the audit of one
post (audit.py). Pure, no ORM; the method is in docs/accessibility.md."""

from .audit import AuditInput, AuditResult, Fix, audit
from .rules import RULES, RULES_BY_BIT, RULES_BY_CODE, RULES_VERSION, Rule

__all__ = [
    "RULES",
    "RULES_BY_BIT",
    "RULES_BY_CODE",
    "RULES_VERSION",
    "AuditInput",
    "AuditResult",
    "Fix",
    "Rule",
    "audit",
]
