"""The Model Spec as logic: the shipped rulebase, audits of transcripts, rule tests.

    from engine.modelspec import load_rulebase, audit_conversations
    base = load_rulebase(profile="2025")          # rules/*.dl + rules/profiles/2025.dl
    report = audit_paths(["examples/"], base)     # verdicts per conversation
"""
from engine.modelspec.audit import AUDIT_VERSION, ConversationAudit, audit_conversation, audit_paths
from engine.modelspec.rulebase import DEFAULT_PROFILE, Rulebase, available_profiles, load_rulebase

__all__ = [
    "AUDIT_VERSION", "ConversationAudit", "DEFAULT_PROFILE", "Rulebase", "audit_conversation",
    "audit_paths", "available_profiles", "load_rulebase",
]
